// The lake lock: exclusive, and a stale lock (its process is gone) is taken over by exactly one of two
// loads racing for it, many times over, with real processes; the lake then holds every message once.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../lib/ingest/index.ts';
import { acquireLock } from '../../lib/ingest/lock.ts';
import { CHICAGO, cleanup, fixture, query, tempDir } from './helpers.ts';

afterAll(cleanup);

const CHILD = fileURLToPath(new URL('./children/load.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Above the kernel's pid_max (32768 .. 4194304): no process can have it. */
const DEAD_PID = 4_194_305;

describe('lake lock', () => {
  it('a live lock refuses a second load with exit code 5 and leaves the lock alone', async () => {
    const lake = tempDir();
    const release = acquireLock(lake);
    const held = readFileSync(join(lake, '.lock'), 'utf8');
    await expect(ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO })).rejects.toMatchObject({
      exitCode: 5,
      message: expect.stringMatching(new RegExp(`another load is running \\(process ${process.pid}\\)`)),
    });
    expect(readFileSync(join(lake, '.lock'), 'utf8')).toBe(held);
    release();
    expect(existsSync(join(lake, '.lock'))).toBe(false);
  });

  it('takes over a stale lock, an empty lock file and a stale claim left by a dead taker', async () => {
    for (const [lockText, claim] of [
      [String(DEAD_PID), false],
      ['', false],
      [JSON.stringify({ pid: DEAD_PID, token: 'x' }), true],
    ] as const) {
      const lake = tempDir();
      writeFileSync(join(lake, '.lock'), lockText);
      if (claim) {
        const { createHash } = await import('node:crypto');
        writeFileSync(
          join(lake, `.lock.${createHash('sha256').update(lockText).digest('hex').slice(0, 16)}.claim`),
          JSON.stringify({ pid: DEAD_PID }),
        );
      }
      const s = await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
      expect(s.accepted).toBe(5);
      expect(existsSync(join(lake, '.lock'))).toBe(false);
    }
  });

  it('two loads racing over a stale lock: exactly one wins every time, and no message is doubled (30 rounds)', async () => {
    const ROUNDS = 30;
    const work = tempDir('pp-race-');
    const input = fixture('base');
    const children = ['a', 'b'].map((name) =>
      spawn(process.execPath, ['--import', 'tsx', CHILD, 'race', input, work, String(ROUNDS), name], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    const stderr: string[] = [];
    for (const c of children) c.stderr!.on('data', (d) => stderr.push(String(d)));
    const exited = children.map((c) => new Promise<number | null>((r) => c.on('exit', r)));
    const wait = async (f: string) => {
      const t0 = Date.now();
      while (!existsSync(f)) {
        if (Date.now() - t0 > 60_000) throw new Error(`timed out waiting for ${f}: ${stderr.join('')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return JSON.parse(readFileSync(f, 'utf8')) as { ok: boolean; code?: number; message?: string };
    };
    for (const name of ['a', 'b']) {
      const t0 = Date.now();
      while (!existsSync(join(work, `ready-${name}`))) {
        if (Date.now() - t0 > 60_000) throw new Error(`child ${name} did not start: ${stderr.join('')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    for (let i = 0; i < ROUNDS; i++) {
      const lake = join(work, `lake-${i}`);
      mkdirSync(lake);
      writeFileSync(
        join(lake, '.lock'),
        JSON.stringify({ pid: DEAD_PID, host: (await import('node:os')).hostname(), token: `stale-${i}` }),
      );
      writeFileSync(join(work, `go-${i}`), '');
      const results = [await wait(join(work, `a-${i}.json`)), await wait(join(work, `b-${i}.json`))];
      expect(
        results.filter((r) => r.ok),
        `round ${i}: ${JSON.stringify(results)}`,
      ).toHaveLength(1);
      expect(
        results.find((r) => !r.ok),
        `round ${i}`,
      ).toMatchObject({ code: 5, message: expect.stringMatching(/another load is running/) });
      const [counts] = await query(
        `SELECT count(*)::INTEGER AS n, count(DISTINCT message_id)::INTEGER AS ids FROM read_parquet('${lake}/messages/*/*/*.parquet')`,
      );
      expect(counts, `round ${i}`).toEqual({ n: 5, ids: 5 });
      const [loads] = await query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${lake}/loads/*.parquet')`);
      expect(loads!.n, `round ${i}`).toBe(1);
    }
    expect(await Promise.all(exited)).toEqual([0, 0]);
  }, 300_000);
});
