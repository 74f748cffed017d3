// The handlers end to end, in-process, against local stand-ins: s3rver for every bucket, the local
// DuckDB engine in place of Athena (over the lake the ingest handler wrote to s3rver), and a capturing
// Mailer in place of SES, on a small generated sample. The same sequence the cloud runs: upload →
// ingest → schedule → compute → one send per department → finish → watchdog, then the schedule is
// delivered again and nothing is sent twice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../../lib/delivery/errors.ts';
import type { Mailer } from '../../lib/delivery/mailer.ts';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { generateSample } from '../../lib/sample/index.ts';
import { resolveSettings } from '../../lib/settings/index.ts';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import type { Storage } from '../../lib/storage/storage.ts';
import { createSendHandler, type DepartmentSendOutput } from '../../lambdas/department-send/handler.ts';
import { createIngestHandler, type IngestOutcome } from '../../lambdas/ingest/handler.ts';
import { createComputeHandler, type ComputeOutput } from '../../lambdas/monthly-compute/handler.ts';
import { createFinishHandler } from '../../lambdas/monthly-finish/handler.ts';
import { createWatchdogHandler } from '../../lambdas/monthly-watchdog/handler.ts';
import { PREFIXES } from '../../lib/handler-contract/index.ts';
import { startS3rver, type S3rverHandle } from '../storage/s3rver.ts';
import {
  allLogLines,
  BUCKETS,
  CapturingMailer,
  captureLogs,
  downloadBucket,
  getText,
  putText,
  readyEvent,
  uploadFolder,
} from './stand-ins.ts';

const settings = resolveSettings({
  timezone: 'America/Chicago',
  reports: { from_address: 'reports@example.org', link_base: 'https://reports.example.org' },
});
let s3: S3rverHandle;
let work: string;
const storage = (bucket: string, prefix = '') => new S3Storage({ client: s3.client(), bucket, prefix });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pp-lambda-e2e-'));
  s3 = await startS3rver(Object.values(BUCKETS));
  await generateSample({ outDir: join(work, 'export'), messages: 2000, seed: 7, fromYear: 2017, toYear: 2017 });
});
afterAll(async () => {
  await s3?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('monthly pipeline handlers, end to end on local stand-ins', () => {
  const ingestLogs = captureLogs('ingest');
  const ingest = () =>
    createIngestHandler({
      client: s3.client(),
      rawBucket: BUCKETS.raw,
      lakeBucket: BUCKETS.lake,
      quarantineBucket: BUCKETS.quarantine,
      settings,
      workRoot: work,
      logger: ingestLogs.logger,
    });
  let first: IngestOutcome;

  it('ingests an uploaded export when its READY marker arrives and syncs the lake bucket', async () => {
    await uploadFolder(s3.client(), BUCKETS.raw, 'uploads/2017-export/', join(work, 'export'));
    await putText(s3.client(), BUCKETS.raw, 'uploads/2017-export/READY', '');
    first = await ingest()(readyEvent(BUCKETS.raw, 'uploads/2017-export/READY'));
    expect(first.status).toBe('loaded');
    if (first.status !== 'loaded') return;
    expect(first.summary.rows_read).toBe(2000);
    expect(first.summary.accepted + first.summary.duplicates + first.summary.quarantined).toBe(2000);
    const lake = await storage(BUCKETS.lake).list('');
    expect(lake).toContain('lake.json');
    expect(lake.some((k) => /^messages\/year=2017\/month=06\/.+\.parquet$/.test(k))).toBe(true);
    expect(lake.some((k) => k.startsWith('departments/'))).toBe(true);
    expect(first.uploaded).toBeGreaterThan(12);
    if (first.summary.quarantined > 0) expect((await storage(BUCKETS.quarantine).list('quarantine/')).length).toBeGreaterThan(0);
    // The summary is a structured log line and an EMF metric.
    const done = ingestLogs.lines.find((l) => l.message === 'load complete');
    expect(done).toMatchObject({ handler: 'ingest', export: '2017-export', load_id: first.summary.load_id });
    const metric = ingestLogs.lines.find((l) => l._aws !== undefined) as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] };
    };
    expect(metric._aws.CloudWatchMetrics[0]!.Namespace).toBe('PortalPulse');
    expect(metric._aws.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name)).toEqual([
      'RowsRead',
      'Accepted',
      'Duplicates',
      'Quarantined',
      'IngestRejected',
    ]);
    expect(metric.Accepted).toBe(first.summary.accepted);
  });

  it('loads a re-delivered READY event again without duplicating a message', async () => {
    const again = await ingest()(readyEvent(BUCKETS.raw, 'uploads/2017-export/READY'));
    expect(again.status).toBe('loaded');
    if (again.status !== 'loaded' || first.status !== 'loaded') return;
    expect(again.summary.messages.new).toBe(0);
    expect(again.summary.messages.unchanged).toBe(first.summary.accepted);
    // Only the partitions the export can touch were considered (its months, one either side; a few
    // replies of a 2017 sample fall in January 2018).
    const downloaded = ingestLogs.lines.filter((l) => l.message === 'lake partitions downloaded').pop() as { months: string[] };
    const year2017 = Array.from({ length: 12 }, (_, i) => `2017-${String(i + 1).padStart(2, '0')}`);
    expect(downloaded.months).toEqual(expect.arrayContaining(['2016-12', ...year2017, '2018-01']));
    expect(downloaded.months.every((m) => m >= '2016-12' && m <= '2018-02')).toBe(true);
  });

  it('rejects a broken export with the file and reason, without throwing (a retry cannot fix it)', async () => {
    await putText(s3.client(), BUCKETS.raw, 'uploads/broken/messages.csv', 'message_id,thread_id\n1,2\n');
    await putText(s3.client(), BUCKETS.raw, 'uploads/broken/READY', '');
    const out = await ingest()(readyEvent(BUCKETS.raw, 'uploads/broken/READY'));
    expect(out.status).toBe('rejected');
    if (out.status === 'rejected') expect(out.error).toMatch(/clinicians\.csv|messages\.csv/);
    await expect(ingest()(readyEvent(BUCKETS.raw, 'elsewhere/READY'))).rejects.toThrow(/expected the READY marker of an upload/);
  });

  describe('the monthly run', () => {
    const mailer = new CapturingMailer();
    const computeLogs = captureLogs('monthly-compute');
    const sendLogs = captureLogs('department-send');
    let lakeDir: string;
    const schedule = { scheduled_time: '2017-07-04T11:00:00Z', source: 'schedule' }; // 06:00 in Chicago
    const runIds: (string | undefined)[] = [];
    const compute = () =>
      createComputeHandler({
        openEngine: (runId) => {
          runIds.push(runId);
          return openDuckDbEngine({ lakeDir, timezone: settings.timezone });
        },
        settings,
        results: storage(BUCKETS.results),
        reports: storage(BUCKETS.reports),
        lake: storage(BUCKETS.lake),
        logger: computeLogs.logger,
      });
    const previews = (month: string) => storage(BUCKETS.results, `previews/${month}/`);
    const send = (m: Mailer = mailer) =>
      createSendHandler({
        settings,
        results: storage(BUCKETS.results),
        ledger: storage(BUCKETS.results, PREFIXES.ledger),
        previews,
        mailer: m,
        logger: sendLogs.logger,
      });
    let run: ComputeOutput;
    const outcomes: DepartmentSendOutput[] = [];
    // The Map's branches for the first few departments (rendering every department's charts would only
    // make the test slower; each branch is independent).
    const branches = () => run.departments.slice(0, 4);

    beforeAll(async () => {
      lakeDir = join(work, 'lake-from-s3');
      await downloadBucket(s3.client(), BUCKETS.lake, lakeDir);
    });

    it('computes last month in the site time zone, stores the results privately and publishes the pages', async () => {
      run = await compute()({ event: schedule, execution_name: 'scheduled-1' });
      expect(run.status).toBe('ready');
      expect(run.month).toBe('2017-06');
      expect(run.departments.length).toBeGreaterThan(3);
      expect(run.resend).toBe(false);
      const results = await storage(BUCKETS.results).list('');
      expect(results).toEqual(
        expect.arrayContaining(['monthly/2017-06/monthly.json', 'monthly/2017-06/departments.json', 'access/leads.json']),
      );
      const monthly = JSON.parse(await getText(s3.client(), BUCKETS.results, 'monthly/2017-06/monthly.json')) as {
        month: string;
        departments: Record<string, unknown>;
      };
      expect(monthly.month).toBe('2017-06');
      expect(Object.keys(monthly.departments)).toEqual(expect.arrayContaining(run.departments));
      const reports = await storage(BUCKETS.reports).list('');
      expect(reports).toEqual(expect.arrayContaining(['index.html', 'pages/organisation-2017-06.html']));
      expect(computeLogs.lines.find((l) => l.message === 'month computed')).toMatchObject({
        month: '2017-06',
        departments: run.departments.length,
      });
      // The run took a reader lease on the lake while it queried, and gave it back.
      expect(await storage(BUCKETS.lake).list('.lake/readers/')).toEqual([]);
    });

    it('sends each department its email once per lead, keeping the preview private', { timeout: 180_000 }, async () => {
      for (const department_id of branches()) outcomes.push(await send()({ month: run.month, department_id, resend: run.resend }));
      expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
      const leads = JSON.parse(await getText(s3.client(), BUCKETS.results, 'monthly/2017-06/departments.json')) as {
        department_id: string;
        lead_emails: string[];
      }[];
      const expected = leads.filter((d) => branches().includes(d.department_id)).reduce((n, d) => n + d.lead_emails.length, 0);
      expect(mailer.sent).toHaveLength(expected);
      expect(new Set(mailer.sent.map((m) => m.to.join()))).toHaveProperty('size', expected);
      for (const m of mailer.sent) {
        expect(m.headers).toMatchObject({ 'X-Portal-Pulse-Month': '2017-06' });
        expect(m.from).toBe('reports@example.org');
      }
      // Previews stay private (results bucket); nothing addressed to the leads lands in the hosted bucket.
      const written = await storage(BUCKETS.results).list('previews/2017-06/emails/');
      expect(written).toEqual(
        expect.arrayContaining(branches().flatMap((d) => [`previews/2017-06/emails/${d}.eml`, `previews/2017-06/emails/${d}.html`])),
      );
      expect(await storage(BUCKETS.reports).list('emails/')).toEqual([]);
      expect(
        sendLogs.lines
          .filter((l) => l.message === 'department send')
          .every((l) => l.month === '2017-06' && typeof l.department_id === 'string'),
      ).toBe(true);
    });

    it('a duplicate delivery of the schedule ends quietly while the first execution sends (reproduced: its branch reported the first ' +
      "one's unconfirmed claim as a failure)", {
      timeout: 180_000,
    }, async () => {
      const early = { scheduled_time: '2017-04-04T11:00:00Z', source: 'schedule' }; // reports 2017-03
      const first = await compute()({ event: early, execution_name: 'exec-A' });
      expect(first.status).toBe('ready');
      const department_id = first.departments[0]!;
      // Execution A's branch is mid-send: the ledger claim is made, SES has not answered yet.
      let release: (() => void) | undefined;
      const slow: Mailer = { name: 'slow', send: () => new Promise((r) => (release = () => r({ messageId: '<slow@capture.test>' }))) };
      const inFlight = send(slow)({ month: first.month, department_id });
      await vi.waitFor(() => expect(release).toBeDefined(), { timeout: 120_000, interval: 50 });
      // What a second execution's branch did before the run lock: a false DepartmentNotSent, then a
      // failed run and a false MonthlyRunFailed.
      await expect(send()({ month: first.month, department_id })).rejects.toMatchObject({ name: 'DepartmentNotSent' });
      // With the lock, the second execution never gets that far.
      const queriesBefore = runIds.length;
      const second = await compute()({ event: early, execution_name: 'exec-B' });
      expect(second).toMatchObject({ status: 'duplicate', month: '2017-03', departments: [] });
      expect(runIds.length).toBe(queriesBefore); // no query ran
      expect(computeLogs.lines.find((l) => l._aws !== undefined && l.MonthlyRunDuplicate === 1)).toBeDefined();
      // A retry of A's own compute step carries on.
      expect((await compute()({ event: early, execution_name: 'exec-A' })).status).toBe('ready');
      release!();
      expect((await inFlight).status).toBe('sent');
    });

    it('does not send a month whose data is not complete yet, and says when it will be (issue: only complete months)', {
      timeout: 120_000,
    }, async () => {
      // The sample's last replies fall early in January 2018: January is far from complete on 4 February.
      const late = await compute()({ event: { scheduled_time: '2018-02-04T12:00:00Z', source: 'schedule' }, execution_name: 'late-1' });
      expect(late).toMatchObject({ status: 'late', month: '2018-01', departments: [], complete_at: '2018-02-04T05:59:59.999Z' });
      expect(late.data_cutoff! < '2018-02').toBe(true);
      expect(computeLogs.lines.find((l) => l._aws !== undefined && l.MonthlyDataLate === 1)).toBeDefined();
      expect(await storage(BUCKETS.results).list('monthly/2018-01/')).toEqual([]);
      expect(await storage(BUCKETS.reports).list('pages/organisation-2018-01')).toEqual([]);
      // An operator's backfill may send it on purpose.
      expect((await compute()({ event: { month: '2018-01', preliminary: true }, execution_name: 'backfill-late' })).status).toBe('ready');
      expect(JSON.parse(await getText(s3.client(), BUCKETS.results, 'monthly/2018-01/monthly.json'))).toMatchObject({ preliminary: true });
    });

    it('finishes the run and the watchdog sees it', async () => {
      // The distributed Map's result files, as Step Functions' ResultWriter writes them (manifest + files).
      const results = storage(BUCKETS.results);
      const children = outcomes.map((o) => ({
        Status: 'SUCCEEDED',
        Input: JSON.stringify({ month: run.month, department_id: o.department_id }),
        Output: JSON.stringify(o),
      }));
      await results.put('map-results/run-1/SUCCEEDED_0.json', JSON.stringify(children.slice(0, 2)));
      await results.put('map-results/run-1/SUCCEEDED_1.json', JSON.stringify(children.slice(2)));
      await results.put(
        'map-results/run-1/manifest.json',
        JSON.stringify({
          DestinationBucket: BUCKETS.results,
          ResultFiles: {
            FAILED: [],
            PENDING: [],
            SUCCEEDED: [
              { Key: 'map-results/run-1/SUCCEEDED_0.json', Size: 1 },
              { Key: 'map-results/run-1/SUCCEEDED_1.json', Size: 1 },
            ],
          },
        }),
      );
      const record = await createFinishHandler({ results, logger: captureLogs('monthly-finish').logger })({
        month: run.month,
        map_results: { Bucket: BUCKETS.results, Key: 'map-results/run-1/manifest.json' },
      });
      expect(record).toMatchObject({
        month: '2017-06',
        succeeded: true,
        departments: branches().length,
        sent: mailer.sent.length,
        failed: [],
      });
      const logs = captureLogs('monthly-watchdog');
      const check = await createWatchdogHandler({ results: storage(BUCKETS.results), timezone: settings.timezone, logger: logs.logger })({
        scheduled_time: '2017-07-06T14:00:00Z',
      });
      expect(check).toMatchObject({ month: '2017-06', ok: true });
      expect(logs.lines.find((l) => l._aws !== undefined)).toMatchObject({ MonthlyRunSucceeded: 1, Environment: 'test' });
      const missing = await createWatchdogHandler({ results: storage(BUCKETS.results), timezone: settings.timezone, logger: logs.logger })({
        scheduled_time: '2017-09-06T14:00:00Z',
      });
      expect(missing).toMatchObject({ month: '2017-08', ok: false });
    });

    it('a re-delivered schedule event after a successful run ends quietly, and a branch run again sends nothing twice', {
      timeout: 120_000,
    }, async () => {
      const before = mailer.sent.length;
      const queriesBefore = runIds.length;
      // As the state machine invokes it: the event wrapped with the execution's name.
      const again = await compute()({ event: schedule, execution_name: 'redelivered-1' });
      expect(again).toMatchObject({ status: 'done', month: '2017-06', departments: [] });
      expect(runIds.length).toBe(queriesBefore);
      const second = [];
      for (const department_id of branches()) second.push(await send()({ month: run.month, department_id }));
      expect(second.every((o) => o.status === 'already_sent' && o.sent === 0)).toBe(true);
      expect(mailer.sent).toHaveLength(before);
    });

    it('a backfill with resend sends one department again on purpose', async () => {
      const before = mailer.sent.length;
      const department_id = run.departments[0]!;
      const out = await send()({ month: run.month, department_id, resend: true });
      expect(out.status).toBe('sent');
      expect(mailer.sent.length).toBeGreaterThan(before);
    });

    it('a retried branch of a resend run (same execution name) does not email the leads its first attempt reached', async () => {
      const department_id = run.departments[0]!;
      const leads = (
        JSON.parse(await getText(s3.client(), BUCKETS.results, 'monthly/2017-06/departments.json')) as {
          department_id: string;
          lead_emails: string[];
        }[]
      ).find((d) => d.department_id === department_id)!.lead_emails;
      const retrying = new CapturingMailer();
      const first = await send(retrying)({ month: run.month, department_id, resend: true, resend_token: 'backfill-1' });
      expect(first.sent).toBe(leads.length);
      const retry = await send(retrying)({ month: run.month, department_id, resend: true, resend_token: 'backfill-1' });
      expect(retry).toMatchObject({ status: 'already_sent', sent: 0, already_sent: leads.length });
      expect(retrying.sent).toHaveLength(leads.length);
    });

    it('throws TransientError on throttling (the state machine retries) and sends once the throttle lifts', {
      timeout: 120_000,
    }, async () => {
      const throttled = new CapturingMailer();
      throttled.failWith = () => new DeliveryError('ses: TooManyRequestsException: Maximum sending rate exceeded.', true);
      const errors = captureLogs('monthly-compute');
      const fresh = await createComputeHandler({
        openEngine: () => openDuckDbEngine({ lakeDir, timezone: settings.timezone }),
        settings,
        results: storage(BUCKETS.results),
        reports: storage(BUCKETS.reports),
        logger: errors.logger,
      })({ month: '2017-05' });
      const department_id = fresh.departments[0]!;
      await expect(send(throttled)({ month: '2017-05', department_id })).rejects.toMatchObject({ name: 'TransientError' });
      throttled.failWith = undefined;
      const retried = await send(throttled)({ month: '2017-05', department_id });
      expect(retried.status).toBe('sent');
      expect(throttled.sent.length).toBe(retried.sent);
    });

    // S3 errors as the SDK throws them: SlowDown (throttling), 503 and InternalError (server faults).
    const s3Error = (name: string, message: string, status: number) =>
      Object.assign(new Error(message), {
        name,
        $fault: status >= 500 && name !== 'SlowDown' ? 'server' : 'client',
        $metadata: { httpStatusCode: status },
      });
    const failing = (inner: Storage, op: 'get' | 'put', when: (key: string) => boolean, error: () => Error): Storage => ({
      location: inner.location,
      get: (k) => (op === 'get' && when(k) ? Promise.reject(error()) : inner.get(k)),
      put: (k, b, c) => (op === 'put' && when(k) ? Promise.reject(error()) : inner.put(k, b, c)),
      putIfAbsent: (k, b, c) => inner.putIfAbsent(k, b, c),
      list: (p) => inner.list(p),
      delete: (k) => inner.delete(k),
    });

    it('a throttled or failing S3 read of monthly.json surfaces as TransientError (the state machine retries)', async () => {
      const department_id = run.departments[0]!;
      for (const error of [
        () => s3Error('SlowDown', 'Please reduce your request rate.', 503),
        () => s3Error('ServiceUnavailable', 'Service Unavailable', 503),
        () => s3Error('InternalError', 'We encountered an internal error. Please try again.', 500),
      ]) {
        const results = failing(storage(BUCKETS.results), 'get', (k) => k.endsWith('monthly.json'), error);
        const handler = createSendHandler({
          settings,
          results,
          ledger: storage(BUCKETS.results, PREFIXES.ledger),
          previews,
          mailer: new CapturingMailer(),
          logger: sendLogs.logger,
        });
        await expect(handler({ month: run.month, department_id })).rejects.toMatchObject({ name: 'TransientError' });
      }
      // So is a throttled ledger, and Finish's write of run.json.
      const ledger = failing(
        storage(BUCKETS.results, PREFIXES.ledger),
        'get',
        () => true,
        () => s3Error('SlowDown', 'Please reduce your request rate.', 503),
      );
      const throttledLedger = createSendHandler({
        settings,
        results: storage(BUCKETS.results),
        ledger,
        previews,
        mailer: new CapturingMailer(),
        logger: sendLogs.logger,
      });
      await expect(throttledLedger({ month: run.month, department_id })).rejects.toMatchObject({ name: 'TransientError' });
      // Judged on the error itself, not its text: a retryable SDK error whose message says nothing of it is
      // retried; a permanent one (AccessDenied) fails the department without retries.
      const retryable = () =>
        Object.assign(new Error('We could not complete this request.'), { name: 'RequestIncomplete', $retryable: { throttling: false } });
      const flakyLedger = failing(storage(BUCKETS.results, PREFIXES.ledger), 'get', () => true, retryable);
      await expect(
        createSendHandler({
          settings,
          results: storage(BUCKETS.results),
          ledger: flakyLedger,
          previews,
          mailer: new CapturingMailer(),
          logger: sendLogs.logger,
        })({ month: run.month, department_id }),
      ).rejects.toMatchObject({ name: 'TransientError' });
      const deniedLedger = failing(
        storage(BUCKETS.results, PREFIXES.ledger),
        'get',
        () => true,
        () => s3Error('AccessDenied', 'Access Denied', 403),
      );
      await expect(
        createSendHandler({
          settings,
          results: storage(BUCKETS.results),
          ledger: deniedLedger,
          previews,
          mailer: new CapturingMailer(),
          logger: sendLogs.logger,
        })({ month: run.month, department_id }),
      ).rejects.toMatchObject({ name: 'DepartmentNotSent' });
      const finishResults = failing(
        storage(BUCKETS.results),
        'put',
        () => true,
        () => s3Error('ServiceUnavailable', 'Service Unavailable', 503),
      );
      await expect(createFinishHandler({ results: finishResults })({ month: run.month, sends: [] })).rejects.toMatchObject({
        name: 'TransientError',
      });
    });

    it('a failing preview write is logged as a warning and the email is still sent', async () => {
      const department_id = run.departments[2]!;
      const broken = (month: string) =>
        failing(
          previews(month),
          'put',
          (k) => k.startsWith('emails/'),
          () => s3Error('AccessDenied', 'Access Denied', 403),
        );
      const m = new CapturingMailer();
      const out = await createSendHandler({
        settings,
        results: storage(BUCKETS.results),
        ledger: storage(BUCKETS.results, PREFIXES.ledger),
        previews: broken,
        mailer: m,
        logger: sendLogs.logger,
      })({ month: run.month, department_id, resend: true, resend_token: 'preview-fails' });
      expect(out.status).toBe('sent');
      expect(m.sent.length).toBe(out.sent);
      expect(out.sent).toBeGreaterThan(0);
      expect(
        sendLogs.lines.find(
          (l) => l.level === 'WARN' && l.message === 'email preview not written; sending anyway' && l.department_id === department_id,
        ),
      ).toBeDefined();
    });

    it('records a permanent failure, fails the run at Finish, and the watchdog reports it', async () => {
      const broken = new CapturingMailer();
      broken.failWith = () => new DeliveryError('ses: MessageRejected: Email address is not verified.', true);
      const department_id = run.departments[1]!;
      await expect(send(broken)({ month: '2017-04', department_id })).rejects.toMatchObject({ name: 'DepartmentNotSent' });
      const finish = createFinishHandler({ results: storage(BUCKETS.results), logger: captureLogs('monthly-finish').logger });
      await expect(
        finish({
          month: '2017-04',
          sends: [
            { department_id, status: 'failed', error: 'DepartmentNotSent', cause: 'MessageRejected' },
            { department_id: 'D001', status: 'sent', sent: 1 },
          ],
        }),
      ).rejects.toMatchObject({ name: 'DepartmentsFailed' });
      // A child execution that failed outright (not caught in the branch) counts as a failed department.
      await storage(BUCKETS.results).put(
        'map-results/run-4/FAILED_0.json',
        JSON.stringify([{ Status: 'FAILED', Input: JSON.stringify({ month: '2017-04', department_id: 'D999' }), Error: 'States.Timeout' }]),
      );
      await storage(BUCKETS.results).put(
        'map-results/run-4/manifest.json',
        JSON.stringify({ ResultFiles: { FAILED: [{ Key: 'map-results/run-4/FAILED_0.json' }], SUCCEEDED: [] } }),
      );
      await expect(finish({ month: '2017-05', map_results: { Key: 'map-results/run-4/manifest.json' } })).rejects.toThrow(
        /1 of 1 departments failed: D999/,
      );
      const run4 = JSON.parse(await getText(s3.client(), BUCKETS.results, 'monthly/2017-04/run.json')) as {
        succeeded: boolean;
        failed: { department_id: string }[];
      };
      expect(run4.succeeded).toBe(false);
      expect(run4.failed.map((f) => f.department_id)).toEqual([department_id]);
      const check = await createWatchdogHandler({
        results: storage(BUCKETS.results),
        timezone: settings.timezone,
        logger: captureLogs('monthly-watchdog').logger,
      })({ month: '2017-04' });
      expect(check.ok).toBe(false);
    });

    it('refuses a malformed backfill month with a clear message', async () => {
      await expect(compute()({ month: '2017-6' })).rejects.toThrow(/month must be "YYYY-MM", got "2017-6"/);
    });
  });
  it('never logs a patient id or an email address (scan of every log line of this end-to-end run)', () => {
    expect(allLogLines.length).toBeGreaterThan(30);
    const column = (file: string, name: string) => {
      const [head, ...rows] = readFileSync(join(work, 'export', file), 'utf8')
        .split(/\r?\n/)
        .filter(Boolean);
      const i = head!.split(',').indexOf(name);
      return rows.map((r) => r.split(',')[i]!).filter((v) => v && v !== '""');
    };
    const patients = [...new Set(column('messages.csv', 'patient_id').map((v) => v.replace(/"/g, '')))].filter((v) => v.length >= 4);
    const leads = column('departments.csv', 'lead_emails')
      .flatMap((v) => v.replace(/"/g, '').split(/[;|]/))
      .filter((v) => v.includes('@'));
    expect(patients.length).toBeGreaterThan(50);
    expect(leads.length).toBeGreaterThan(3);
    const text = allLogLines.join('\n');
    const leaked = patients.filter((p) => new RegExp(`\\b${p}\\b`).test(text));
    expect(leaked, 'patient ids in logs').toEqual([]);
    expect(
      leads.filter((l) => text.toLowerCase().includes(l.toLowerCase())),
      'lead addresses in logs',
    ).toEqual([]);
    // Message ids (<n@host>) look like addresses and are not: drop them, then nothing address-like may remain.
    expect(
      text.replace(/<[^<>\s"]+@[^<>\s"]+>/g, '').match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? [],
      'any address in logs',
    ).toEqual([]);
  });
});
