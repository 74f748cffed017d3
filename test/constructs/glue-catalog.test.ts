import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { testStack } from './stack-fixture.ts';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { GlueCatalog, LAKE_PARQUET_COMPRESSION } from '../../lib/constructs/glue-catalog.ts';
import { ingest } from '../../lib/ingest/index.ts';
import { generateSample } from '../../lib/sample/index.ts';
import { resolveSettings } from '../../lib/settings/index.ts';
import { CLINICIAN_COLUMNS, DEPARTMENT_COLUMNS, LOAD_COLUMNS, MESSAGE_COLUMNS } from '../../lib/lake/layout.ts';

function build() {
  const stack = testStack();
  const lake = s3.Bucket.fromBucketName(stack, 'Lake', 'the-lake');
  const catalog = new GlueCatalog(stack, 'Catalog', { envName: 'my-env', lakeBucket: lake, projectionYears: [2015, 2040] });
  return { catalog, t: Template.fromStack(stack) };
}

type TableInput = {
  Name: string;
  Parameters: Record<string, string>;
  PartitionKeys?: { Name: string; Type: string }[];
  StorageDescriptor: {
    Columns: { Name: string; Type: string }[];
    Location: string;
    Parameters?: Record<string, string>;
    SerdeInfo: { SerializationLibrary: string };
  };
};

describe('GlueCatalog', () => {
  const { t, catalog } = build();
  const tables = Object.fromEntries(
    Object.values(t.findResources('AWS::Glue::Table')).map((r) => [
      (r.Properties.TableInput as TableInput).Name,
      r.Properties.TableInput as TableInput,
    ]),
  );

  it('names the database after the environment (Glue allows no dashes)', () => {
    expect(catalog.databaseName).toBe('portal_pulse_my_env');
    t.hasResourceProperties('AWS::Glue::Database', { CatalogId: '111111111111', DatabaseInput: { Name: 'portal_pulse_my_env' } });
  });

  it('describes exactly the columns of lib/lake/layout.ts, in order, as Parquet', () => {
    const cols = (list: readonly (readonly [string, string])[]) => list.map(([Name, Type]) => ({ Name, Type }));
    expect(tables.messages!.StorageDescriptor.Columns).toEqual(cols(MESSAGE_COLUMNS));
    expect(tables.clinicians!.StorageDescriptor.Columns).toEqual(cols(CLINICIAN_COLUMNS));
    expect(tables.departments!.StorageDescriptor.Columns).toEqual(cols(DEPARTMENT_COLUMNS));
    expect(tables.loads!.StorageDescriptor.Columns).toEqual(cols(LOAD_COLUMNS));
    for (const [name, table] of Object.entries(tables)) {
      expect(table.StorageDescriptor.Location).toBe(`s3://the-lake/${name}/`);
      expect(table.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    }
  });

  it('partitions messages by integer year and month, projected from the TABLE parameters', () => {
    const m = tables.messages!;
    expect(m.PartitionKeys).toEqual([
      { Name: 'year', Type: 'int' },
      { Name: 'month', Type: 'int' },
    ]);
    expect(m.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.year.type': 'integer',
      'projection.year.range': '2015,2040',
      'projection.month.type': 'integer',
      'projection.month.range': '1,12',
      'projection.month.digits': '2',
      'storage.location.template': 's3://the-lake/messages/year=${year}/month=${month}/',
    });
    // Glue would accept them here too and Athena would ignore them: they must not be in the descriptor.
    expect(Object.keys(m.StorageDescriptor.Parameters ?? {}).filter((k) => k.startsWith('projection.'))).toEqual([]);
    for (const other of ['clinicians', 'departments', 'loads']) expect(tables[other]!.PartitionKeys).toBeUndefined();
  });

  it('lists the ARNs a query role needs', () => {
    const suffixes = catalog.arns().map((a) => a.split(':').slice(2).join(':'));
    expect(suffixes).toEqual([
      'glue:us-east-2:111111111111:catalog',
      'glue:us-east-2:111111111111:database/portal_pulse_my_env',
      ...['messages', 'clinicians', 'departments', 'loads'].map((t) => `glue:us-east-2:111111111111:table/portal_pulse_my_env/${t}`),
    ]);
  });
});

describe('the Glue tables describe the files ingestion writes', () => {
  it('names the codec the lake files really use (reproduced: Glue said ZSTD, the files are SNAPPY)', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-glue-codec-'));
    try {
      await generateSample({ outDir: join(dir, 'export'), messages: 1000, seed: 3, fromYear: 2017, toYear: 2017 });
      await ingest({ inputDir: join(dir, 'export'), lakeDir: join(dir, 'lake'), settings: resolveSettings({}) });
      const db = await (await DuckDBInstance.create(':memory:')).connect();
      const reader = await db.runAndReadAll(
        `SELECT DISTINCT compression FROM parquet_metadata('${join(dir, 'lake').replace(/'/g, "''")}/**/*.parquet')`,
      );
      const codecs = reader.getRowObjects().map((r) => String(r.compression));
      expect(codecs).toEqual([LAKE_PARQUET_COMPRESSION]);
      const { t } = build();
      for (const table of Object.values(t.findResources('AWS::Glue::Table')))
        expect((table.Properties.TableInput as TableInput).Parameters['parquet.compression']).toBe('SNAPPY');
      db.closeSync();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
