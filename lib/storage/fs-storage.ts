// The Storage port on a local folder. Writes are atomic (temp file in the same folder + rename), so a
// reader never sees half a file, and putIfAbsent is atomic across processes (hard link of a complete
// temp file, which fails if the key exists), which is what the send ledger relies on.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Storage } from './storage.ts';
import { assertValidKey, assertValidPrefix } from './keys.ts';

/** Temp files are named `.<name>.<hex>.pp-tmp` beside their target and never listed. */
const TEMP_SUFFIX = '.pp-tmp';

export class FsStorage implements Storage {
  readonly location: string;
  private readonly root: string;

  constructor(rootDir: string) {
    this.root = resolve(rootDir);
    this.location = this.root;
  }

  /** The absolute path of a key; refuses keys that would leave the root. */
  pathOf(key: string): string {
    assertValidKey(key);
    const p = join(this.root, ...key.split('/'));
    // Belt and braces: validation already refuses '..' and absolute keys.
    if (!p.startsWith(this.root + sep)) throw new Error(`storage key ${JSON.stringify(key)} resolves outside ${this.root}`);
    return p;
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await fsp.readFile(this.pathOf(key));
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async put(key: string, body: Buffer | string, _contentType?: string): Promise<void> {
    const target = this.pathOf(key);
    const temp = await this.writeTemp(target, body);
    try {
      await fsp.rename(temp, target);
    } catch (e) {
      await fsp.rm(temp, { force: true });
      throw e;
    }
  }

  async putIfAbsent(key: string, body: Buffer | string, _contentType?: string): Promise<boolean> {
    const target = this.pathOf(key);
    if (await exists(target)) return false;
    const temp = await this.writeTemp(target, body);
    try {
      // link() creates the name atomically and fails with EEXIST if it is taken: exclusive like
      // open(..., 'wx'), but the file appears complete, never half-written.
      await fsp.link(temp, target);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'ENOSYS') {
        // Filesystems without hard links: fall back to an exclusive create.
        return this.exclusiveCreate(target, body);
      }
      throw e;
    } finally {
      await fsp.rm(temp, { force: true });
    }
  }

  async getVersioned(key: string): Promise<{ body: Buffer; version: string } | undefined> {
    const body = await this.get(key);
    return body === undefined ? undefined : { body, version: versionOf(body) };
  }

  async putIfVersion(key: string, body: Buffer | string, version: string, _contentType?: string): Promise<boolean> {
    const target = this.pathOf(key);
    // Compare and swap under a per-key mutex (an exclusive create), so two writers cannot both swap.
    const mutex = join(dirname(target), `.${target.slice(dirname(target).length + 1)}.cas${TEMP_SUFFIX}`);
    await fsp.mkdir(dirname(target), { recursive: true });
    for (let attempt = 0; ; attempt++) {
      try {
        await fsp.writeFile(mutex, String(process.pid), { flag: 'wx' });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        // A mutex is held for microseconds; one older than 30 s was left by a crash.
        const st = await fsp.stat(mutex).catch(() => undefined);
        if (st && Date.now() - st.mtimeMs > 30_000) await fsp.rm(mutex, { force: true });
        if (attempt > 2000) throw new Error(`${target}: could not take ${mutex}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    try {
      const current = await this.get(key);
      if (current === undefined || versionOf(current) !== version) return false;
      await this.put(key, body);
      return true;
    } finally {
      await fsp.rm(mutex, { force: true });
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix);
    // Walk only the deepest folder the prefix names, then filter by the string prefix (S3 semantics).
    const slash = prefix.lastIndexOf('/');
    const folder = slash < 0 ? '' : prefix.slice(0, slash);
    const start = folder ? join(this.root, ...folder.split('/')) : this.root;
    const keys: string[] = [];
    await this.walk(start, keys);
    return keys.filter((k) => k.startsWith(prefix)).sort(compareKeys);
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  private async walk(dir: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (isMissing(e)) return;
      throw e;
    }
    for (const ent of entries) {
      const full = join(dir, ent.name);
      if (ent.isDirectory()) await this.walk(full, out);
      else if (ent.isFile() && !ent.name.endsWith(TEMP_SUFFIX)) out.push(relative(this.root, full).split(sep).join('/'));
    }
  }

  private async writeTemp(target: string, body: Buffer | string): Promise<string> {
    await fsp.mkdir(dirname(target), { recursive: true });
    const name = target.slice(dirname(target).length + 1);
    const temp = join(dirname(target), `.${name}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    await fsp.writeFile(temp, body, { flag: 'wx' });
    return temp;
  }

  private async exclusiveCreate(target: string, body: Buffer | string): Promise<boolean> {
    try {
      await fsp.writeFile(target, body, { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  }
}

function versionOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Byte order of the UTF-8 keys, which is how S3 lists them, so both adapters sort alike. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}
