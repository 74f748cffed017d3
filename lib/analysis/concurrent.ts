// Runs the independent queries of one analysis at once, at most `limit` at a time (settings
// engine.concurrency): Athena and Trino run them in parallel, so a run takes about as long as its
// slowest query instead of the sum; DuckDB takes them one at a time on its connection.

type Tasks = readonly (() => Promise<unknown>)[];

/** Like Promise.all over thunks, with at most `limit` started and not yet settled. Results keep their order. */
export async function allLimited<T extends Tasks>(
  limit: number,
  tasks: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = new Array(tasks.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // A failure stops further starts; the ones in flight finish, and the first error is the answer.
    while (!failed && next < tasks.length) {
      const i = next++;
      try {
        results[i] = await tasks[i]!();
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const n = Math.max(1, Math.min(Math.floor(limit) || 1, tasks.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}
