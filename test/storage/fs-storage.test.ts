import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsStorage } from '../../lib/storage/index.ts';
import { storageContract } from './storage-contract.ts';

const roots: string[] = [];
async function freshRoot(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'pp-fs-storage-'));
  roots.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(roots.map((d) => rm(d, { recursive: true, force: true })));
});

storageContract('FsStorage', async () => new FsStorage(await freshRoot()));

describe('FsStorage', () => {
  it('writes below its root, and location is the absolute root', async () => {
    const root = await freshRoot();
    const s = new FsStorage(root);
    await s.put('emails/D01.eml', 'x');
    expect(s.location).toBe(root);
    expect(await readdir(join(root, 'emails'))).toEqual(['D01.eml']);
  });

  it('leaves no temp files behind and never lists them', async () => {
    const root = await freshRoot();
    const s = new FsStorage(root);
    await s.put('a/k', '1');
    await s.putIfAbsent('a/k', '2');
    await s.putIfAbsent('a/j', '3');
    expect((await readdir(join(root, 'a'))).sort()).toEqual(['j', 'k']);
    // A temp file left by a crash mid-write is not a key.
    await writeFile(join(root, 'a', '.k.0123abcd.pp-tmp'), 'partial');
    expect(await s.list('a/')).toEqual(['a/j', 'a/k']);
  });

  it('putIfAbsent is exclusive under concurrency: exactly one of many writers wins', async () => {
    const s = new FsStorage(await freshRoot());
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.putIfAbsent('ledger/claim', `writer ${i}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await s.get('ledger/claim'))?.toString()).toBe(`writer ${winner}`);
  });

  it('concurrent puts never leave a torn file: the result is one whole body', async () => {
    const s = new FsStorage(await freshRoot());
    const bodies = Array.from({ length: 10 }, (_, i) => String(i).repeat(200_000));
    await Promise.all(bodies.map((b) => s.put('big.txt', b)));
    const got = (await s.get('big.txt'))?.toString() ?? '';
    expect(bodies).toContain(got);
  });

  it('pathOf maps keys into the root and refuses traversal', async () => {
    const root = await freshRoot();
    const s = new FsStorage(root);
    expect(() => s.pathOf('a/../../etc/passwd')).toThrow(/'\.\.' segment/);
    expect(() => s.pathOf('/etc/passwd')).toThrow(/absolute path/);
    expect(s.pathOf('a/b.txt')).toBe(join(root, 'a', 'b.txt'));
  });

  it('get of a folder is undefined, not an error', async () => {
    const root = await freshRoot();
    await mkdir(join(root, 'dir'), { recursive: true });
    expect(await new FsStorage(root).get('dir')).toBeUndefined();
  });
});
