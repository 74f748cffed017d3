// Errors worth retrying (throttling, timeouts, server faults) are rethrown as TransientError, the name
// the state machine retries on (lib/constructs/monthly-job.ts TRANSIENT_ERRORS); anything else fails fast.
export class TransientError extends Error {
  override name = 'TransientError';
}

// Words of a transient failure in an error's name or message. No bare status numbers: "550" in an SMTP
// reply or an address is a permanent refusal, and retrying it would only send the same refusal again.
const TRANSIENT = new RegExp(
  [
    'throttl',
    'too ?many ?requests',
    'rate exceeded',
    'slow ?down',
    'request ?timeout',
    'timed? ?out',
    'service ?unavailable',
    'bad ?gateway',
    'internal ?(server ?)?(error|failure)',
    'ECONNRESET',
    'ETIMEDOUT',
    'ECONNREFUSED',
    'EAI_AGAIN',
    'socket hang up',
  ].join('|'),
  'i',
);

interface ErrorShape {
  name?: string;
  message?: string;
  cause?: unknown;
  /** AWS SDK v3: 'server' for a service fault, 'client' for a refusal. */
  $fault?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  /** nodemailer: the SMTP reply code (4xx: try again later; 5xx: refused for good). */
  responseCode?: number;
}

/** Whether one error (not its causes) says it is transient: by its status first, then by its words. */
function saysTransient(err: ErrorShape): boolean | undefined {
  if (err.$retryable || err.$fault === 'server') return true;
  const http = err.$metadata?.httpStatusCode;
  if (http !== undefined && (http === 429 || http >= 500)) return true;
  if (typeof err.responseCode === 'number') return err.responseCode >= 400 && err.responseCode < 500;
  if (err.$fault === 'client') return false;
  return TRANSIENT.test(`${err.name ?? ''} ${err.message ?? ''}`) || undefined;
}

/**
 * Whether `e` is worth retrying. The error and its causes (`cause`, a few levels: an adapter wraps the
 * SDK's error) are asked in turn; the first that says yes or no decides.
 */
export function isTransient(e: unknown): boolean {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const err: ErrorShape = typeof current === 'object' ? (current as ErrorShape) : { message: String(current) };
    const verdict = saysTransient(err);
    if (verdict !== undefined) return verdict;
    current = err.cause;
  }
  return false;
}

/** Rethrows `e` as a TransientError when it looks transient, unchanged otherwise. */
export function classify(e: unknown): Error {
  if (isTransient(e) && !(e instanceof TransientError)) return new TransientError((e as Error)?.message ?? String(e), { cause: e });
  return e instanceof Error ? e : new Error(String(e));
}
