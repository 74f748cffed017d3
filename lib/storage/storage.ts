// The storage port: where reports, results, ledgers and lake files are kept. Keys are '/'-separated
// relative paths. Adapters: lib/storage/fs (a folder) and lib/storage/s3 (a bucket and prefix).

export interface Storage {
  /** A human-readable location for messages, e.g. "/data/reports" or "s3://bucket/prefix". */
  readonly location: string;
  get(key: string): Promise<Buffer | undefined>;
  put(key: string, body: Buffer | string, contentType?: string): Promise<void>;
  /** Writes only if the key does not exist yet; returns false if it did (idempotency ledgers). */
  putIfAbsent(key: string, body: Buffer | string, contentType?: string): Promise<boolean>;
  /** Every key below `prefix`, recursively, sorted. */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
}
