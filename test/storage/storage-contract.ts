// The behaviour every Storage adapter must share, run against each one (FsStorage on a temp folder,
// S3Storage on s3rver). Adapter-specific behaviour is tested in each adapter's own file.
import { describe, expect, it } from 'vitest';
import type { Storage } from '../../lib/storage/storage.ts';

export function storageContract(name: string, make: () => Promise<Storage> | Storage): void {
  describe(`${name}: Storage contract`, () => {
    it('round-trips bytes and strings, and get of a missing key is undefined', async () => {
      const s = await make();
      const bytes = Buffer.from([0, 1, 2, 250, 255]);
      await s.put('a/b/bytes.bin', bytes, 'application/octet-stream');
      await s.put('text.txt', 'héllo ✓', 'text/plain; charset=utf-8');
      expect(await s.get('a/b/bytes.bin')).toEqual(bytes);
      expect((await s.get('text.txt'))?.toString('utf8')).toBe('héllo ✓');
      expect(await s.get('a/b/missing.bin')).toBeUndefined();
      expect(await s.get('nowhere/at/all')).toBeUndefined();
    });

    it('put overwrites', async () => {
      const s = await make();
      await s.put('k.json', '{"v":1}');
      await s.put('k.json', '{"v":2}');
      expect((await s.get('k.json'))?.toString()).toBe('{"v":2}');
    });

    it('putIfAbsent writes once and then refuses, keeping the first body', async () => {
      const s = await make();
      expect(await s.putIfAbsent('ledger/2024-05/D01.claim', 'first')).toBe(true);
      expect(await s.putIfAbsent('ledger/2024-05/D01.claim', 'second')).toBe(false);
      expect((await s.get('ledger/2024-05/D01.claim'))?.toString()).toBe('first');
    });

    it('lists every key below a prefix, recursively and sorted, with S3 string-prefix semantics', async () => {
      const s = await make();
      for (const k of ['emails/D10.eml', 'emails/D02.eml', 'emails/sub/x.html', 'pages/index.html', 'emailsX.txt']) {
        await s.put(k, k);
      }
      expect(await s.list('emails/')).toEqual(['emails/D02.eml', 'emails/D10.eml', 'emails/sub/x.html']);
      expect(await s.list('emails')).toEqual(['emails/D02.eml', 'emails/D10.eml', 'emails/sub/x.html', 'emailsX.txt']);
      expect(await s.list('emails/D1')).toEqual(['emails/D10.eml']);
      expect(await s.list('')).toEqual(['emails/D02.eml', 'emails/D10.eml', 'emails/sub/x.html', 'emailsX.txt', 'pages/index.html']);
      expect(await s.list('nothing/')).toEqual([]);
    });

    it('delete removes a key and is a no-op for a missing one', async () => {
      const s = await make();
      await s.put('d/x', '1');
      await s.delete('d/x');
      await s.delete('d/x');
      expect(await s.get('d/x')).toBeUndefined();
      expect(await s.list('d/')).toEqual([]);
    });

    it('refuses keys that could escape the root, naming the key', async () => {
      const s = await make();
      for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/./b', '', 'a\\b', 'C:/x']) {
        await expect(s.put(bad, 'x'), bad).rejects.toThrow(/invalid storage key/);
        await expect(s.get(bad), bad).rejects.toThrow(/invalid storage key/);
        await expect(s.putIfAbsent(bad, 'x'), bad).rejects.toThrow(/invalid storage key/);
        await expect(s.delete(bad), bad).rejects.toThrow(/invalid storage key/);
      }
      await expect(s.list('../')).rejects.toThrow(/invalid storage key/);
    });
  });
}
