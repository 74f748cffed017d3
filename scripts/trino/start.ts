// `npm run trino:start`: fetches Trino the first time, starts a local server (or finds it running), waits
// until it answers queries and prints its engine URI on the last line, for `--engine`.
import { start } from './server.ts';

try {
  const info = await start();
  console.log(info.uri);
} catch (e) {
  console.error(`trino: ${(e as Error).message}`);
  process.exitCode = 1;
}
