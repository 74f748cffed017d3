// `portal-pulse send` end to end: a real lake (DuckDB) for the leads, the results fixture as
// OUT/monthly.json, the real report model and email rendering, and a real SMTP server on loopback.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../lib/cli/command.ts';
import { command, runSend } from '../../lib/cli/commands/send.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/index.ts';
import { buildLake, type TestLake } from '../helpers/lake.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.ts';

const FIXTURE = new URL('../fixtures/results/monthly.json', import.meta.url);
const MONTH = '2017-06';

let smtp: TestSmtpServer;
let lake: TestLake;
let root: string;
let outDir: string;
let settings: Settings;
let printed: string[];

beforeAll(async () => {
  smtp = await startSmtpServer();
  // Three of the fixture's departments (each rendered email costs about a second of chart drawing):
  // two leads for d-fam, none for d-derm, and in d-card one that some tests make the server refuse.
  // The fixture's other departments are not in the lake: reported as having no leads to send to.
  lake = await buildLake({
    messages: [
      {
        message_id: 'm1',
        thread_id: 't1',
        sent_at: '2017-06-05T09:00:00',
        sender_type: 'patient',
        sender_id: 'p1',
        patient_id: 'p1',
        department_id: 'd-fam',
      },
      {
        message_id: 'm2',
        thread_id: 't1',
        sent_at: '2017-06-05T11:00:00',
        sender_type: 'clinician',
        sender_id: 'c1',
        patient_id: 'p1',
        department_id: 'd-fam',
      },
    ],
    clinicians: [{ clinician_id: 'c1', role: 'physician', department_id: 'd-fam' }],
    departments: [
      {
        department_id: 'd-fam',
        name: 'Family Medicine',
        care_setting: 'primary_care',
        lead_emails: 'fam.lead@example.org; fam.deputy@example.org',
      },
      { department_id: 'd-card', name: 'Cardiology', care_setting: 'specialty', lead_emails: 'gone@example.org;card.lead@example.org' },
      { department_id: 'd-derm', name: 'Dermatology <Main> & "Skin"', care_setting: 'specialty', lead_emails: '' },
    ],
  });
  root = await mkdtemp(join(tmpdir(), 'pp-send-cmd-'));
  settings = {
    ...DEFAULT_SETTINGS,
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
    reports: { ...DEFAULT_SETTINGS.reports, from_address: 'reports@example.org' },
  };
}, 120_000);

afterAll(async () => {
  await smtp?.close();
  await lake?.cleanup();
  if (root) await rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  outDir = await mkdtemp(join(root, 'out-'));
  await copyFile(FIXTURE, join(outDir, 'monthly.json'));
  smtp.received.length = 0;
  smtp.reject.clear();
  printed = [];
});

const send = (extra: { resend?: boolean; settings?: Settings; month?: string } = {}) =>
  runSend({
    month: extra.month ?? MONTH,
    lakeDir: lake.lakeDir,
    outDir,
    settings: extra.settings ?? settings,
    resend: extra.resend,
    env: {},
    print: (l) => printed.push(l),
  });
const received = () => smtp.received.flatMap((m) => m.to).sort();
const ALL = ['card.lead@example.org', 'fam.deputy@example.org', 'fam.lead@example.org', 'gone@example.org'];

describe('portal-pulse send', () => {
  it('sends each lead the rendered email with inline charts, once; lists departments without a lead; --resend sends again', async () => {
    const out = await send();
    expect(out.exitCode).toBe(0);
    expect(received()).toEqual(ALL);
    const byDept = Object.fromEntries(out.results.map((r) => [r.department_id, r.status]));
    expect(byDept).toEqual({ 'd-card': 'sent', 'd-derm': 'no_lead', 'd-fam': 'sent' });

    const i = smtp.received.findIndex((m) => m.to[0] === 'fam.lead@example.org');
    const mail = await smtp.parse(i);
    expect(smtp.received[i]!.from).toBe('reports@example.org');
    expect(mail.headers.get('x-portal-pulse-department')).toBe('d-fam');
    expect(mail.headers.get('x-portal-pulse-month')).toBe(MONTH);
    expect(mail.text).toBeTruthy();
    expect(mail.html).toBeTruthy();
    // Every chart the HTML references is an inline image part with that Content-ID, and vice versa.
    const cids = [...(mail.html as string).matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]).sort();
    expect(cids.length).toBeGreaterThan(0);
    const inline = mail.attachments.filter((a) => a.related && a.contentType === 'image/png');
    expect(inline.map((a) => a.cid).sort()).toEqual(cids);
    expect(inline.every((a) => a.content.subarray(1, 4).toString() === 'PNG')).toBe(true);
    expect(mail.html).not.toContain('data:image');

    expect(printed.join('\n')).toMatch(/d-derm\s+Dermatology <Main> & "Skin"\s+no lead/);
    expect(printed.join('\n')).toMatch(/1 department\(s\) without a lead .*: d-derm/);
    expect(printed.at(-1)).toMatch(/Done: 4 email\(s\) sent; departments: 2 sent, 0 already sent, 1 without a lead/);

    // A second run emails nobody and renders nothing; --resend emails everyone again.
    smtp.received.length = 0;
    const again = await send();
    expect(again.exitCode).toBe(0);
    expect(smtp.received).toHaveLength(0);
    expect(again.results.filter((r) => r.status !== 'no_lead').every((r) => r.status === 'already_sent')).toBe(true);

    const resent = await send({ resend: true });
    expect(resent.exitCode).toBe(0);
    expect(received()).toEqual(ALL);
  });

  it('one refused lead does not stop the others; the run fails; fixing it and re-running sends only that one', async () => {
    smtp.reject.add('gone@example.org');
    const out = await send();
    expect(out.exitCode).toBe(1);
    expect(received()).toEqual(ALL.filter((a) => a !== 'gone@example.org'));
    expect(out.results.find((r) => r.department_id === 'd-card')!.status).toBe('partial');
    expect(printed.join('\n')).toMatch(/d-card\s+Cardiology\s+PARTIAL\s+1\/2\s+gone@example.org: .*550/);

    smtp.reject.clear();
    smtp.received.length = 0;
    const retry = await send();
    expect(retry.exitCode).toBe(0);
    expect(received()).toEqual(['gone@example.org']);
  });

  it('explains what is missing: monthly.json, the month, SMTP settings', async () => {
    await expect(send({ month: '2017-07' })).rejects.toThrow(/monthly.json holds 2017-06, not 2017-07/);
    await expect(send({ month: '2017-6' })).rejects.toThrow(/--month must be YYYY-MM/);
    await expect(send({ settings: DEFAULT_SETTINGS })).rejects.toThrow(/no SMTP settings: add "smtp"/);
    const empty = await mkdtemp(join(root, 'empty-'));
    await expect(runSend({ month: MONTH, lakeDir: lake.lakeDir, outDir: empty, settings, print: () => {} })).rejects.toThrow(
      /monthly.json not found: run 'portal-pulse monthly --month 2017-06/,
    );
    expect(smtp.received).toHaveLength(0);
  });

  it('the command reads its flags and settings file, prints the table and returns 1 when a department failed', async () => {
    const settingsFile = join(outDir, 'site.json');
    await writeFile(settingsFile, JSON.stringify({ smtp: settings.smtp, reports: { from_address: 'reports@example.org' } }));
    smtp.reject.add('gone@example.org');
    smtp.reject.add('card.lead@example.org');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      // Without --month: the month monthly.json holds.
      const code = await command.run({ lake: lake.lakeDir, out: outDir, settings: settingsFile }, []);
      expect(code).toBe(1);
      const stdout = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(stdout).toMatch(/d-card\s+Cardiology\s+FAILED\s+0\/2\s+gone@example.org: .*550.*; card.lead@example.org: /);
      expect(stdout).toMatch(/d-fam\s+Family Medicine\s+sent\s+2\/2/);
      expect(stdout).toMatch(/^Sending 2017-06 to 3 department\(s\) through smtp:\/\/127.0.0.1:/);
      // A user error is a UsageError: bin/cli.ts prints its one-line message and exits 2.
      const err = await command
        .run({ month: MONTH, lake: lake.lakeDir, out: join(outDir, 'nothing'), settings: settingsFile }, [])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/monthly.json not found/);
    } finally {
      log.mockRestore();
    }
  });
});
