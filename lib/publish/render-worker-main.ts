// A render worker's body: receives the month's result and settings once (workerData), then renders the
// departments it is sent, one at a time, and posts each one's files back (or the error's message).
import { parentPort, workerData } from 'node:worker_threads';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { renderDepartmentFiles } from './department-files.ts';

const { monthly, settings } = workerData as { monthly: MonthlyResult; settings: Settings };
const port = parentPort;
if (!port) throw new Error('render-worker-main.ts runs only as a worker thread');
port.on('message', (task: { id: number; departmentId: string; leads: string[] }) => {
  renderDepartmentFiles(monthly, task.departmentId, settings, task.leads).then(
    (files) => port.postMessage({ id: task.id, files }),
    (e: unknown) => port.postMessage({ id: task.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
port.postMessage({ ready: true });
