// The Trino adapter's pure parts, without a server (the real server runs in `npm run test:trino`): the
// engine URI, the statement text that binds parameters, value conversion, and the tables generated from
// the lake layout, which must say what the CDK's Glue tables say.
import { describe, expect, it } from 'vitest';
import { LAKE_GLUE_COLUMNS, messageProjectionParameters } from '../../../lib/constructs/glue-columns.ts';
import { isTrinoUri, openEngine } from '../../../lib/engines/open.ts';
import { convertValue, parseTrinoUri, statementText, tableStatements, zoneOfComment } from '../../../lib/engines/trino/index.ts';
import { UserError } from '../../../lib/errors/index.ts';

describe('trino:// URIs', () => {
  it('name the server, catalog and schema', () => {
    expect(parseTrinoUri('trino://127.0.0.1:18089/hive/portal_pulse')).toEqual({
      server: 'http://127.0.0.1:18089',
      catalog: 'hive',
      schema: 'portal_pulse',
      user: 'portal-pulse',
    });
    expect(parseTrinoUri('trinos://analyst@trino.example.org/lake/pp').server).toBe('https://trino.example.org:443');
    expect(parseTrinoUri('trinos://analyst@trino.example.org/lake/pp').user).toBe('analyst');
    expect(isTrinoUri('trino://h:1/c/s')).toBe(true);
    expect(isTrinoUri('duckdb')).toBe(false);
  });
  it.each([
    ['trino://127.0.0.1:18089/hive', /must name a catalog and a schema/],
    ['trino://127.0.0.1:18089/hive/Bad-Name', /schema 'Bad-Name'.*lower-case/],
    ['http://127.0.0.1:18089/hive/pp', /not a Trino URI/],
    ['not a uri', /not an engine URI/],
  ])('refuses %s as a user error', (uri, why) => {
    let err: unknown;
    try {
      parseTrinoUri(uri);
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(why);
    expect(err).toBeInstanceOf(UserError);
  });
  it('openEngine refuses an engine it does not know, as a user error', async () => {
    await expect(openEngine({ uri: 'postgres://x/y', lakeDir: '.' })).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/expected duckdb or trino:\/\//),
    });
  });
});

describe('the statement text', () => {
  it('sends a query without values as it is, less a trailing semicolon', () => {
    expect(statementText({ name: 'q', sql: 'SELECT 1;', params: [] })).toBe('SELECT 1');
  });
  it('binds values as EXECUTE IMMEDIATE parameters: the SQL one quoted string, each value a literal', () => {
    expect(statementText({ name: 'q', sql: "SELECT x FROM t WHERE s = ? AND k = 'a' AND n = ?", params: ["it's", 3] })).toBe(
      "EXECUTE IMMEDIATE 'SELECT x FROM t WHERE s = ? AND k = ''a'' AND n = ?' USING 'it''s', 3",
    );
  });
  it('refuses a parameter count that does not match, naming the query', () => {
    expect(() => statementText({ name: 'meta.x', sql: 'SELECT ?', params: [] })).toThrow(/query "meta.x": the SQL has 1 '\?' placeholder/);
  });
});

describe('values by column type', () => {
  it.each([
    [7, 'bigint', 7],
    ['12.50', 'decimal(10,2)', 12.5],
    [0.5, 'double', 0.5],
    ['NaN', 'double', Number.NaN],
    ['Infinity', 'double', Infinity],
    ['2017-06-30', 'date', '2017-06-30'],
    ['2017-06-30 23:59:59.123', 'timestamp(3)', '2017-06-30T23:59:59.123Z'],
    ['2017-06-30 18:00:00.000 America/Chicago', 'timestamp(3) with time zone', '2017-06-30T23:00:00.000Z'],
    [[1, null, 3], 'array(bigint)', [1, null, 3]],
    [['2017-01-01 00:00:00.000'], 'array(timestamp(3))', ['2017-01-01T00:00:00.000Z']],
    [null, 'varchar', null],
    [true, 'boolean', true],
  ])('%j as %s', (v, type, want) => {
    expect(convertValue(v, type, 'c')).toEqual(want);
  });
  it('refuses an integer JSON could not carry exactly', () => {
    expect(() => convertValue(2 ** 53 + 2, 'bigint', 'n')).toThrow(/column n: integer .* beyond the exact range/);
  });
});

describe('the Trino tables say what the Glue tables say', () => {
  const ddl = tableStatements({ catalog: 'hive', schema: 'pp', lakeDir: '/data/lake', projectionYears: [2010, 2045] });
  const create = (t: string) => ddl.find((s) => s.startsWith(`CREATE TABLE hive.pp.${t} `))!;
  const columns = (sql: string) =>
    [...sql.matchAll(/^ {2}(\w+) (\w+)/gm)]
      .map((m) => m[1])
      .filter(
        (c) =>
          ![
            'format',
            'external_location',
            'partitioned_by',
            'partition_projection_enabled',
            'partition_projection_location_template',
          ].includes(c!),
      );

  it("keeps the lake's time zone in the messages table's comment", () => {
    const withZone = tableStatements({
      catalog: 'hive',
      schema: 'pp',
      lakeDir: '/data/lake',
      projectionYears: [2010, 2045],
      timezone: 'America/Chicago',
    });
    const m = withZone.find((x) => x.startsWith('CREATE TABLE hive.pp.messages '))!;
    expect(m).toContain("COMMENT 'portal-pulse lake messages; timezone=America/Chicago'");
    expect(zoneOfComment('portal-pulse lake messages; timezone=America/Chicago')).toBe('America/Chicago');
    expect(zoneOfComment('something else')).toBeNull();
  });

  it('creates the schema, then drops and creates each table (so a second run replaces them)', () => {
    expect(ddl[0]).toBe('CREATE SCHEMA IF NOT EXISTS hive.pp');
    for (const t of ['messages', 'clinicians', 'departments', 'loads']) {
      expect(ddl.indexOf(`DROP TABLE IF EXISTS hive.pp.${t}`)).toBeLessThan(ddl.indexOf(create(t)));
    }
  });
  it('has the Glue columns in the Glue order, partition keys last', () => {
    expect(columns(create('messages'))).toEqual([...LAKE_GLUE_COLUMNS.messages, ...LAKE_GLUE_COLUMNS.messagePartitions].map((c) => c.name));
    expect(columns(create('clinicians'))).toEqual(LAKE_GLUE_COLUMNS.clinicians.map((c) => c.name));
    expect(columns(create('departments'))).toEqual(LAKE_GLUE_COLUMNS.departments.map((c) => c.name));
    expect(columns(create('loads'))).toEqual(LAKE_GLUE_COLUMNS.loads.map((c) => c.name));
  });
  it('projects year and month exactly as the Glue table does', () => {
    const glue = messageProjectionParameters('bucket', [2010, 2045]);
    const m = create('messages');
    expect(m).toContain(
      `year integer WITH (partition_projection_type = '${glue['projection.year.type']}', partition_projection_range = ARRAY['2010', ` +
        `'2045'])`,
    );
    const [lo, hi] = glue['projection.month.range']!.split(',');
    expect(m).toContain(
      `month integer WITH (partition_projection_type = '${glue['projection.month.type']}', partition_projection_range = ARRAY['${lo}', ` +
        `'${hi}'], partition_projection_digits = ${glue['projection.month.digits']})`,
    );
    const template = glue['storage.location.template']!.replace('s3://bucket/', 'local:///data/lake/');
    expect(m).toContain(`partition_projection_location_template = '${template}'`);
    expect(m).toContain("external_location = 'local:///data/lake/messages'");
    expect(m).toContain("partitioned_by = ARRAY['year', 'month']");
  });
});
