// The storage port: where reports, results, ledgers and lake files are kept. Keys are '/'-separated
// relative paths. Adapters: lib/storage/fs (a folder) and lib/storage/s3 (a bucket and prefix).

export interface Storage {
  /** A human-readable location for messages, e.g. "/data/reports" or "s3://bucket/prefix". */
  readonly location: string;
  get(key: string): Promise<Buffer | undefined>;
  put(key: string, body: Buffer | string, contentType?: string): Promise<void>;
  /** Writes only if the key does not exist yet; returns false if it did (idempotency ledgers). */
  putIfAbsent(key: string, body: Buffer | string, contentType?: string): Promise<boolean>;
  /** The body and version tag of a key (S3: its ETag; on disk: a hash of the content), or undefined. */
  getVersioned?(key: string): Promise<{ body: Buffer; version: string } | undefined>;
  /**
   * Compare-and-swap: replaces the key only if its current version is `version` (S3: If-Match), and
   * returns false if it changed or is gone. With putIfAbsent, what lib/lake/shared-lake.ts builds on.
   */
  putIfVersion?(key: string, body: Buffer | string, version: string, contentType?: string): Promise<boolean>;
  /** Every key below `prefix`, recursively, sorted. */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
}

/** A storage with the compare-and-swap pair (both adapters have it; the methods are optional for test doubles). */
export type VersionedStorage = Storage & Required<Pick<Storage, 'getVersioned' | 'putIfVersion'>>;
