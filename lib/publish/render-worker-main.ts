// A render worker's body: gets the settings at start (workerData), loads the render stack while the main
// thread computes the month, says it is ready (and reads the precompiled email template), then receives the
// month's result and its disclosure (computed once, on the main thread) once per render call ({ job, monthly,
// disclosed }) and the departments to render ({ job, id, departmentId, leads }), posting each one's files back
// (or the error's message). The pool sends a worker up to two tasks ahead; they are rendered one after the
// other, in the order they came.
import { parentPort, workerData } from 'node:worker_threads';
import { compiledDepartmentTemplate } from '../render/email/compile.ts';
import type { DisclosedMonthly } from '../disclosure/index.ts';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { adoptDepartmentsDisclosure, renderDepartmentFiles } from './department-files.ts';

const { settings } = workerData as { settings: Settings };
const port = parentPort;
if (!port) throw new Error('render-worker-main.ts runs only as a worker thread');
const months = new Map<number, MonthlyResult>();
/** The tasks in hand, one after the other (each settles, so one failure does not stop the chain). */
let queue: Promise<void> = Promise.resolve();
type Message =
  | { job: number; monthly: MonthlyResult; disclosed?: DisclosedMonthly }
  | { job: number; id: number; departmentId: string; leads: string[] };
port.on('message', (m: Message) => {
  if ('monthly' in m) {
    // Only the latest call's month is kept: an earlier call's tasks are not sent any more.
    months.clear();
    months.set(m.job, m.monthly);
    // The main thread's disclosure of this month: the departments read it instead of planning it again.
    if (m.disclosed) adoptDepartmentsDisclosure(m.monthly, settings, m.disclosed);
    return;
  }
  const monthly = months.get(m.job);
  const fail = (e: unknown) => port.postMessage({ job: m.job, id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  queue = queue
    .then(async () => {
      if (!monthly) throw new Error('a render task came before its month');
      port.postMessage({ job: m.job, id: m.id, files: await renderDepartmentFiles(monthly, m.departmentId, settings, m.leads) });
    })
    .catch(fail);
});
port.postMessage({ ready: true });
// Compiled while waiting for the month (the first department awaits the same promise); a template that fails
// to compile fails each department with its message, as on the main thread.
compiledDepartmentTemplate().catch(() => undefined);
