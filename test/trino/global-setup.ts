// Starts the local Trino server for the suite (npm run trino:start does the same), or reuses one that is
// already running; a server this setup started is stopped when the suite ends.
import type { TestProject } from 'vitest/node';
import { start, status, stop } from '../../scripts/trino/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    trinoUri: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const running = await status();
  const info = running ?? (await start());
  project.provide('trinoUri', info.uri);
  return async () => {
    if (!running) await stop();
  };
}
