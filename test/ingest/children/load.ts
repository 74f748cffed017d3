// A real load in its own process, for the tests that kill a load or race two of them.
//   kill mode:  load.ts kill <input> <lake> <step> <loadId> <nowIso>   SIGKILLs itself at <step>
//   race mode:  load.ts race <input> <workDir> <rounds> <name>       per round: waits for <work>/go-<i>,
//               loads <input> into <work>/lake-<i>, writes <work>/<name>-<i>.json ({ ok } or { code, message });
//               writes <work>/ready-<name> once it is polling
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../../lib/ingest/index.ts';
import { resolveSettings } from '../../../lib/settings/index.ts';

const [mode, input, lakeOrWork, arg, arg2, arg3] = process.argv.slice(2) as string[];
const settings = resolveSettings({});

if (mode === 'kill') {
  await ingest({
    inputDir: input!,
    lakeDir: lakeOrWork!,
    settings,
    loadId: arg2,
    now: new Date(arg3!),
    onStep: (s) => {
      if (s === arg) process.kill(process.pid, 'SIGKILL');
    },
  });
  process.exit(0);
} else if (mode === 'race') {
  const rounds = Number(arg);
  writeFileSync(join(lakeOrWork!, `ready-${arg2}`), ''); // loaded and polling: the parent may start round 0
  for (let i = 0; i < rounds; i++) {
    const go = join(lakeOrWork!, `go-${i}`);
    // A parent that failed (or died) sends no more rounds: give up rather than poll forever as an orphan.
    const t0 = Date.now();
    while (!existsSync(go)) {
      if (Date.now() - t0 > 120_000) process.exit(1);
      await new Promise((r) => setTimeout(r, 2));
    }
    let out: unknown;
    try {
      // The winner holds the lock until the other process has tried and written its answer (at most 30 s),
      // so that however busy the machine, the other one tries while the lock is held, not after it is released.
      // Were both inside at once (the bug this test is for), each would wait out the 30 s and both report ok.
      const other = join(lakeOrWork!, `${arg2 === 'a' ? 'b' : 'a'}-${i}.json`);
      const holdUntilOtherTried = async () => {
        const t0 = Date.now();
        while (!existsSync(other) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
      };
      const s = await ingest({
        inputDir: input!,
        lakeDir: join(lakeOrWork!, `lake-${i}`),
        settings,
        onStep: (st) => (st === 'staged' ? holdUntilOtherTried() : undefined),
      });
      out = { ok: true, load_id: s.load_id };
    } catch (e) {
      out = { ok: false, code: (e as { exitCode?: number }).exitCode, message: (e as Error).message };
    }
    // Written whole, then renamed into place: the parent (and the other child) never read a half-written answer.
    const answer = join(lakeOrWork!, `${arg2}-${i}.json`);
    writeFileSync(`${answer}.tmp`, JSON.stringify(out));
    renameSync(`${answer}.tmp`, answer);
  }
  process.exit(0);
}
