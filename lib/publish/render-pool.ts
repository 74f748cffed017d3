// Renders departments' files over every core (issue 13): drawing charts (resvg) and composing MJML
// is CPU-bound and each department is independent. The main thread renders too, so on N cores N - 1 worker
// threads are started. A worker costs about 0.5-1 s of CPU to start (the render stack loaded again in its
// own isolate; the email template is precompiled, so MJML is not), so:
// - the pool can be started before the month is computed (startRenderPool), so that start-up overlaps the
//   queries; the month's result is handed over by message when it is ready (render);
// - fewer departments than MIN_DEPARTMENTS_PER_WORKER per worker gets fewer workers (none for a handful).
// Files come back in the order asked for; a failure rejects that department.
// This module loads nothing heavy itself (the render stack is imported when the main thread first renders),
// so a command can start the pool early without waiting for it.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import type { DepartmentFiles } from './department-files.ts';

/** Departments a worker must have to be worth starting (its start-up costs about as much as a few renders). */
const MIN_DEPARTMENTS_PER_WORKER = 4;

export interface RenderPoolOptions {
  settings: Settings;
  /** Threads in all, the main one included (default: the cores available; 1 renders on the main thread only). */
  threads?: number;
  /** How many departments will be rendered (an estimate is fine): sizes the pool. Default: enough for every thread. */
  departments?: number;
}

export interface RenderTask {
  departmentId: string;
  leads: string[];
}

export type OnRendered = (departmentId: string, files: DepartmentFiles) => Promise<void>;

/** What a worker posts back (render-worker-main.ts). */
interface WorkerReply {
  ready?: true;
  /** The render call the task belongs to (a reply to an abandoned call is dropped). */
  job?: number;
  id?: number;
  files?: { eml: Uint8Array; html: string };
  error?: string;
}

interface PoolWorker {
  worker: Worker;
  ready: Promise<void>;
  /** Whether it stopped (an error or an exit): it then takes no more tasks. */
  gone: boolean;
  /** The task it holds: failed if the worker stops. */
  onGone: (e: Error) => void;
  onReply: (m: WorkerReply) => void;
}

export interface RenderPool {
  /** Worker threads started (0: the main thread renders alone). */
  readonly workers: number;
  /** Settles once every worker has loaded the render stack (or stopped). */
  ready(): Promise<void>;
  /**
   * Renders every department in `tasks` and calls `onDone` for each in the given order as soon as it and all
   * before it are done (so files are written in order while later ones still render). One call at a time.
   */
  render(monthly: MonthlyResult, tasks: RenderTask[], onDone: OnRendered): Promise<{ renderedByWorkers: number }>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** Starts the worker threads now (they load the render stack while the caller does other work). */
export function startRenderPool(opts: RenderPoolOptions): RenderPool {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const expected = opts.departments ?? Number.POSITIVE_INFINITY;
  const count = Math.max(0, Math.min(threads - 1, Math.floor(expected / MIN_DEPARTMENTS_PER_WORKER)));
  const pool: PoolWorker[] = [];
  for (let i = 0; i < count; i++) pool.push(startWorker(opts.settings));
  return {
    workers: count,
    ready: async () => {
      await Promise.all(pool.map((w) => w.ready));
    },
    render: (monthly, tasks, onDone) => renderWith(pool, opts.settings, monthly, tasks, onDone),
    close: async () => {
      await Promise.all(pool.map((w) => w.worker.terminate()));
    },
  };
}

function startWorker(settings: Settings): PoolWorker {
  const worker = new Worker(new URL('./render-worker.js', import.meta.url), { workerData: { settings } });
  let markReady: () => void = () => undefined;
  const w: PoolWorker = {
    worker,
    ready: new Promise<void>((resolve) => (markReady = resolve)),
    gone: false,
    onGone: () => undefined,
    onReply: () => undefined,
  };
  worker.on('message', (m: WorkerReply) => (m.ready ? markReady() : w.onReply(m)));
  // A worker that dies (or cannot start) fails the department it held; the others carry on without it.
  const stop = (e: Error) => {
    w.gone = true;
    markReady();
    w.onGone(e);
  };
  worker.on('error', stop);
  worker.on('exit', () => stop(new Error('a render worker stopped unexpectedly')));
  return w;
}

let jobs = 0;

async function renderWith(
  pool: PoolWorker[],
  settings: Settings,
  monthly: MonthlyResult,
  tasks: RenderTask[],
  onDone: OnRendered,
): Promise<{ renderedByWorkers: number }> {
  const results: Promise<DepartmentFiles>[] = new Array(tasks.length);
  const resolvers: { resolve: (f: DepartmentFiles) => void; reject: (e: Error) => void }[] = [];
  for (let i = 0; i < tasks.length; i++) results[i] = new Promise((resolve, reject) => (resolvers[i] = { resolve, reject }));
  // Unobserved rejections of later departments must not crash the process while an earlier one is awaited.
  for (const r of results) r.catch(() => undefined);

  const job = ++jobs;
  let next = 0;
  let renderedByWorkers = 0;
  const take = () => (next < tasks.length ? next++ : -1);
  // Fewer departments than the workers can usefully share: the surplus workers stay idle.
  const usable = pool.filter((w) => !w.gone).slice(0, Math.floor(tasks.length / MIN_DEPARTMENTS_PER_WORKER));
  // The month's disclosure is computed once, here, and goes to the workers with the month: copying it costs a
  // worker less CPU than planning it again (docs/benchmarks.md). If it fails, the workers get the month
  // alone and each department fails with the error there, as on the main thread.
  const stack = import('./department-files.ts');
  const disclosed = usable.length > 0 ? stack.then((m) => m.departmentsDisclosure(monthly, settings)).catch(() => undefined) : undefined;
  for (const w of usable) {
    // Up to two tasks per worker: the next one is already there when the worker finishes one, instead of
    // waiting for the main thread (busy drawing its own department's charts) to read the reply and send it.
    // Near the end only one, so that the main thread is not left idle while a worker holds two.
    const held = new Set<number>();
    const depth = () => (tasks.length - next > 2 * (usable.length + 1) ? 2 : 1);
    const send = () => {
      while (!w.gone && held.size < depth()) {
        const i = take();
        if (i < 0) return;
        held.add(i);
        const t = tasks[i]!;
        w.worker.postMessage({ job, id: i, departmentId: t.departmentId, leads: t.leads });
      }
    };
    w.onReply = (m) => {
      if (m.job !== job) return;
      held.delete(m.id!);
      const r = resolvers[m.id!]!;
      if (m.error !== undefined) r.reject(new Error(`rendering department ${tasks[m.id!]!.departmentId}: ${m.error}`));
      else {
        renderedByWorkers++;
        const eml = m.files!.eml;
        r.resolve({ eml: Buffer.from(eml.buffer, eml.byteOffset, eml.byteLength), html: m.files!.html });
      }
      send();
    };
    w.onGone = (e) => {
      for (const i of held) resolvers[i]!.reject(e);
      held.clear();
    };
    // The month's result goes over once per worker, as soon as it has started; then the first tasks.
    void w.ready.then(async () => {
      const d = await disclosed;
      if (w.gone) return;
      w.worker.postMessage({ job, monthly, disclosed: d });
      send();
    });
  }
  // The main thread takes tasks too, one at a time, while the workers start.
  const mainLoop = (async () => {
    const { renderDepartmentFiles } = await stack;
    for (let i = take(); i >= 0; i = take()) {
      const t = tasks[i]!;
      await renderDepartmentFiles(monthly, t.departmentId, settings, t.leads).then(resolvers[i]!.resolve, resolvers[i]!.reject);
    }
  })();
  mainLoop.catch(() => undefined);
  try {
    for (let i = 0; i < tasks.length; i++) await onDone(tasks[i]!.departmentId, await results[i]!);
    await mainLoop;
    return { renderedByWorkers };
  } finally {
    for (const w of usable) {
      w.onReply = () => undefined;
      w.onGone = () => undefined;
    }
  }
}

/** Renders `tasks` with a pool of its own (started and stopped here): see RenderPool.render. */
export async function renderDepartments(
  opts: RenderPoolOptions & { monthly: MonthlyResult },
  tasks: RenderTask[],
  onDone: OnRendered,
): Promise<{ renderedByWorkers: number }> {
  const pool = startRenderPool({ departments: tasks.length, ...opts });
  try {
    return await pool.render(opts.monthly, tasks, onDone);
  } finally {
    await pool.close();
  }
}
