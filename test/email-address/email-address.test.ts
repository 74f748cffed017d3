// One address rule for every step. The cases are the ones where the five earlier checks disagreed
// (ingestion's SQL regex, delivery's, the sign-in form's, the environment config's, and the settings'
// "contains @"); each must now get the same answer from the TypeScript test and from DuckDB, which runs
// ingestion's check.
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_ADDRESS_MAX_LENGTH, isEmailAddress, isEmailAddressSql } from '../../lib/email-address/email-address.ts';
import { resolveSettings } from '../../lib/settings/index.ts';

const CASES: [string, boolean, string][] = [
  ['lead@example.org', true, 'the plain case'],
  ['first.last+tag@dept.example.org', true, 'dots and plus in the local part, subdomains'],
  ['reports@localhost', true, 'local SMTP (delivery accepted it; the sign-in form and the env config did not)'],
  ['lead@example', false, 'no dot in the domain (ingestion and "contains @" accepted it; delivery failed it later)'],
  ['lead@localhost.', false, 'an empty last label'],
  ['lead@.example.org', false, 'an empty first label (every earlier regex accepted it)'],
  ['lead@example..org', false, 'an empty middle label (every earlier regex accepted it)'],
  ['"lead"@example.org', false, 'a quote (ingestion and the env config accepted it; delivery failed it)'],
  ['Lead <lead@example.org>', false, 'a display name (the env config would have put it in From:)'],
  ['a@b@example.org', false, 'two @'],
  ['lead @example.org', false, 'a space'],
  ['lead\t@example.org', false, 'a tab'],
  ['lead@exam,ple.org', false, 'a comma: two addresses run together'],
  ['lead@example.org;other@example.org', false, 'two addresses, a cell not split'],
  ['@example.org', false, 'no local part'],
  ['lead@', false, 'no domain'],
  ['x'.repeat(EMAIL_ADDRESS_MAX_LENGTH - '@example.org'.length) + '@example.org', true, 'the longest address'],
  [
    'x'.repeat(EMAIL_ADDRESS_MAX_LENGTH - '@example.org'.length + 1) + '@example.org',
    false,
    'one character too long (only the sign-in form limited it)',
  ],
];

let db: DuckDBInstance;
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
});
afterAll(() => db.closeSync());

async function duckdbSays(address: string): Promise<boolean> {
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(`SELECT ${isEmailAddressSql('$1')} AS ok`, [address]);
    return reader.getRowObjects()[0]!.ok as boolean;
  } finally {
    conn.closeSync();
  }
}

describe('isEmailAddress', () => {
  it.each(CASES)('%j is %s (%s)', async (address, expected) => {
    expect(isEmailAddress(address)).toBe(expected);
    expect(await duckdbSays(address)).toBe(expected);
  });

  it('is what the settings check for reports.from_address', () => {
    const base = { reports: { from_address: 'lead@example' } };
    expect(() => resolveSettings(base, 'site.json')).toThrow(/reports\.from_address: must be an email address/);
    expect(resolveSettings({ reports: { from_address: 'reports@localhost' } }, 'site.json').reports.from_address).toBe('reports@localhost');
  });
});
