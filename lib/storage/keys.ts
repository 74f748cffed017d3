// Storage keys are '/'-separated relative paths shared by every adapter. They are checked once here so
// a key that would escape a folder on disk ('..', an absolute path) is refused the same way on S3.

/** Thrown for a key no adapter may accept; names the key and the reason. */
export class StorageKeyError extends Error {
  override name = 'StorageKeyError';
  readonly key: string;
  constructor(key: string, reason: string) {
    super(`invalid storage key ${JSON.stringify(key)}: ${reason}`);
    this.key = key;
  }
}

/** Throws a StorageKeyError unless `key` is a safe relative key such as "emails/D01.eml". */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new StorageKeyError(String(key), 'empty');
  checkSegments(key, key);
}

/**
 * Validates a listing prefix: '' (everything) or a key-like string, optionally ending in '/'.
 * The prefix is a string prefix, as on S3: "emails/D0" matches "emails/D01.eml".
 */
export function assertValidPrefix(prefix: string): void {
  if (typeof prefix !== 'string') throw new StorageKeyError(String(prefix), 'not a string');
  if (prefix === '') return;
  checkSegments(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix, prefix);
}

function checkSegments(path: string, original: string): void {
  if (path.includes('\0')) throw new StorageKeyError(original, 'contains a NUL character');
  if (path.includes('\\')) throw new StorageKeyError(original, "contains '\\' (keys use '/')");
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw new StorageKeyError(original, 'is an absolute path');
  for (const seg of path.split('/')) {
    if (seg === '..') throw new StorageKeyError(original, "contains a '..' segment");
    if (seg === '.') throw new StorageKeyError(original, "contains a '.' segment");
    if (seg === '') throw new StorageKeyError(original, "contains an empty segment ('//' or a trailing '/')");
  }
}
