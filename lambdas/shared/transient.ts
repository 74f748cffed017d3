// Errors worth retrying (throttling, timeouts, server faults) are rethrown as TransientError, the name
// the state machine retries on (lib/constructs/monthly-job.ts TRANSIENT_ERRORS); anything else fails fast.
export class TransientError extends Error {
  override name = 'TransientError';
}

const TRANSIENT = new RegExp(
  [
    'throttl',
    'too ?many ?requests',
    'rate exceeded',
    'slow ?down',
    'request ?timeout',
    'timed? ?out',
    'service ?unavailable',
    'internal ?(server ?)?(error|failure)',
    'ECONNRESET',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'socket hang up',
    '\\b5\\d\\d\\b',
  ].join('|'),
  'i',
);

export function isTransient(e: unknown): boolean {
  const err = e as { name?: string; message?: string; $fault?: string; $retryable?: unknown };
  if (err?.$fault === 'server' || err?.$retryable) return true;
  return TRANSIENT.test(`${err?.name ?? ''} ${err?.message ?? String(e)}`);
}

/** Rethrows `e` as a TransientError when it looks transient, unchanged otherwise. */
export function classify(e: unknown): Error {
  if (isTransient(e) && !(e instanceof TransientError)) return new TransientError((e as Error)?.message ?? String(e), { cause: e });
  return e instanceof Error ? e : new Error(String(e));
}
