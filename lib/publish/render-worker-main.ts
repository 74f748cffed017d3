// A render worker's body: gets the settings at start (workerData), loads the render stack while the main
// thread computes the month, says it is ready (and compiles the email template), then receives the month's
// result once per render call ({ job, monthly }) and the departments to render ({ job, id, departmentId,
// leads }), one at a time, posting each one's files back (or the error's message).
import { parentPort, workerData } from 'node:worker_threads';
import { compiledDepartmentTemplate } from '../render/email/compile.ts';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { renderDepartmentFiles } from './department-files.ts';

const { settings } = workerData as { settings: Settings };
const port = parentPort;
if (!port) throw new Error('render-worker-main.ts runs only as a worker thread');
const months = new Map<number, MonthlyResult>();
type Message = { job: number; monthly: MonthlyResult } | { job: number; id: number; departmentId: string; leads: string[] };
port.on('message', (m: Message) => {
  if ('monthly' in m) {
    // Only the latest call's month is kept: an earlier call's tasks are not sent any more.
    months.clear();
    months.set(m.job, m.monthly);
    return;
  }
  const monthly = months.get(m.job);
  const rendered = monthly
    ? renderDepartmentFiles(monthly, m.departmentId, settings, m.leads)
    : Promise.reject(new Error('a render task came before its month'));
  rendered.then(
    (files) => port.postMessage({ job: m.job, id: m.id, files }),
    (e: unknown) => port.postMessage({ job: m.job, id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
port.postMessage({ ready: true });
// Compiled while waiting for the month (the first department awaits the same promise); a template that fails
// to compile fails each department with its message, as on the main thread.
compiledDepartmentTemplate().catch(() => undefined);
