// A preliminary month end to end: a real lake whose data stop 2 days after June, the month computed on
// DuckDB (monthly.json says "preliminary": true), then published: every email's subject and first line and
// the organisation page's header say "Preliminary" with the cut-off; the same month complete says nothing.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { publishMonthly } from '../../lib/publish/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { FsStorage } from '../../lib/storage/index.ts';
import { withLake } from '../helpers/analysis.ts';
import { msg, tinyExport } from '../helpers/exports.ts';

function twoDepartments() {
  const e = tinyExport();
  e.departments.push({ department_id: 'D2', name: 'Cardiology', care_setting: 'specialty', lead_emails: 'card@example.org' });
  e.clinicians.push({ clinician_id: 'C2', role: 'physician', department_id: 'D2' });
  e.messages.push(
    msg('m4', 't2', '2017-06-29T09:00:00-05:00', 'patient', 'P2', { patient_id: 'P2', department_id: 'D2' }),
    msg('m5', 't2', '2017-06-30T10:00:00-05:00', 'clinician', 'C2', { patient_id: 'P2', department_id: 'D2' }),
    // Data run on to 2 July: June is not complete until 3 July, 23:59 Chicago.
    msg('m6', 't3', '2017-07-02T08:00:00-05:00', 'patient', 'P1'),
  );
  return e;
}

/** Runs `fn` with a fresh output folder, removed afterwards. */
async function inFolder(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'pp-prelim-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a preliminary month, published', () => {
  it('is stamped with "Preliminary" and the cut-off in every email\u2019s subject and first line and in the page header', async () => {
    await withLake(twoDepartments(), async (lake) => {
      const monthly = await lake.monthly({ month: '2017-06' });
      expect(monthly.preliminary).toBe(true);
      await inFolder(async (dir) => {
        const { keys } = await publishMonthly({ monthly, settings: DEFAULT_SETTINGS, storage: new FsStorage(dir) });
        const emls = keys.filter((k) => k.endsWith('.eml'));
        expect(emls.sort()).toEqual(['emails/2017-06/D1.eml', 'emails/2017-06/D2.eml']);
        for (const k of emls) {
          const mail = await simpleParser(await readFile(join(dir, k)));
          expect(mail.subject, k).toMatch(
            /^Preliminary \(data up to 2 July 2017, 08:00 \(America\/Chicago\)\): Patient messaging report, June 2017: /,
          );
          expect(String(mail.text).split('\n')[0], k).toMatch(
            /^Preliminary: data up to 2 July 2017, 08:00 .*complete with data up to 3 July 2017, 23:59/,
          );
        }
        const page = await readFile(join(dir, 'pages', 'organisation-2017-06.html'), 'utf8');
        const main = page.slice(page.indexOf('<main'));
        expect(main).toMatch(/^<main[^>]*>\s*<p class="preliminary" role="note"><strong>Preliminary: data up to 2 July 2017, 08:00/);
        expect(page).toMatch(/<title>Patient messaging, organisation report, June 2017 \(preliminary\)<\/title>/);
      });
    });
  }, 120_000);

  it('the same month once complete carries no stamp', async () => {
    await withLake(twoDepartments(), async (lake) => {
      const monthly = await lake.monthly({ month: '2017-06', cutoff: '2017-07-05T00:00:00Z' });
      expect(monthly.preliminary).toBe(false);
      await inFolder(async (dir) => {
        await publishMonthly({ monthly, settings: DEFAULT_SETTINGS, storage: new FsStorage(dir) });
        const mail = await simpleParser(await readFile(join(dir, 'emails', '2017-06', 'D1.eml')));
        expect(mail.subject).toBe('Patient messaging report, June 2017: Family Medicine');
        expect(await readFile(join(dir, 'pages', 'organisation-2017-06.html'), 'utf8')).not.toContain('class="preliminary"');
      });
    });
  }, 120_000);
});
