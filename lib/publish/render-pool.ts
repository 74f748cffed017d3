// Renders departments' files over every core (issue 13): drawing charts (vega, resvg) and composing MJML
// is CPU-bound and each department is independent. The main thread renders too, so on N cores N - 1 worker
// threads are started (each loads the render stack once, about half a second of CPU, so fewer departments
// than that gets fewer workers). Files come back in the order asked for; a failure rejects that department.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { renderDepartmentFiles, type DepartmentFiles } from './department-files.ts';

/** Departments a worker must have to be worth starting (its start-up costs about as much as a few renders). */
const MIN_DEPARTMENTS_PER_WORKER = 4;

export interface RenderPoolOptions {
  monthly: MonthlyResult;
  settings: Settings;
  /** Threads in all, the main one included (default: the cores available; 1 renders on the main thread only). */
  threads?: number;
}

/**
 * Renders every department in `tasks` and calls `onDone` for each in the given order as soon as it and all
 * before it are done (so files are written in order while later ones still render).
 */
export async function renderDepartments(
  opts: RenderPoolOptions,
  tasks: { departmentId: string; leads: string[] }[],
  onDone: (departmentId: string, files: DepartmentFiles) => Promise<void>,
): Promise<{ renderedByWorkers: number }> {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const workerCount = Math.min(threads - 1, Math.floor(tasks.length / MIN_DEPARTMENTS_PER_WORKER));
  const results: Promise<DepartmentFiles>[] = new Array(tasks.length);
  const resolvers: { resolve: (f: DepartmentFiles) => void; reject: (e: Error) => void }[] = [];
  for (let i = 0; i < tasks.length; i++) results[i] = new Promise((resolve, reject) => (resolvers[i] = { resolve, reject }));
  // Unobserved rejections of later departments must not crash the process while an earlier one is awaited.
  for (const r of results) r.catch(() => undefined);

  let next = 0;
  let renderedByWorkers = 0;
  const take = () => (next < tasks.length ? next++ : -1);
  const workers: Worker[] = [];
  for (let w = 0; w < workerCount; w++) {
    const worker = new Worker(new URL('./render-worker.js', import.meta.url), {
      workerData: { monthly: opts.monthly, settings: opts.settings },
    });
    workers.push(worker);
    {
      let current = -1;
      const send = () => {
        current = take();
        if (current < 0) return;
        const t = tasks[current]!;
        worker.postMessage({ id: current, departmentId: t.departmentId, leads: t.leads });
      };
      worker.on('message', (m: { ready?: true; id?: number; files?: { eml: Uint8Array; html: string }; error?: string }) => {
        if (m.ready) return send();
        const r = resolvers[m.id!]!;
        if (m.error !== undefined) r.reject(new Error(`rendering department ${tasks[m.id!]!.departmentId}: ${m.error}`));
        else {
          renderedByWorkers++;
          r.resolve({ eml: Buffer.from(m.files!.eml.buffer, m.files!.eml.byteOffset, m.files!.eml.byteLength), html: m.files!.html });
        }
        send();
      });
      // A worker that dies (or cannot start) fails the department it held; the others carry on without it.
      worker.on('error', (e) => {
        if (current >= 0) resolvers[current]!.reject(e);
        current = -1;
      });
      worker.on('exit', () => {
        if (current >= 0) resolvers[current]!.reject(new Error('a render worker stopped unexpectedly'));
        current = -1;
      });
    }
  }
  // The main thread takes tasks too, one at a time.
  const mainLoop = (async () => {
    for (let i = take(); i >= 0; i = take()) {
      const t = tasks[i]!;
      await renderDepartmentFiles(opts.monthly, t.departmentId, opts.settings, t.leads).then(resolvers[i]!.resolve, resolvers[i]!.reject);
    }
  })();
  try {
    for (let i = 0; i < tasks.length; i++) await onDone(tasks[i]!.departmentId, await results[i]!);
    await mainLoop;
    return { renderedByWorkers };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
