// The one base class of the errors a user can fix: a bad flag, setting or file, a lake that cannot be used.
// The CLI prints such an error's message alone (it names the file, key or line and the reason, so a stack
// would only hide it) and exits with its kind's code; the ingest Lambda answers "export rejected" instead of
// failing and being retried. Anything else is a fault in portal-pulse or its surroundings: printed with its
// stack, exit code 1. Callers test `instanceof UserError`, never a flag on the object.

/**
 * The exit code of each kind of user error (`portal-pulse ingest --help` and docs/ingestion.md list them).
 * 0 is success and 1 an unexpected failure; a user error is never either.
 */
export const USER_ERROR_EXIT_CODES = {
  /** A problem outside the input data: bad flags or settings, a lake that cannot be used (path, permissions, time zone). */
  usage: 2,
  /** An export file was refused (missing, unreadable, broken structure): nothing was loaded. */
  refused_file: 3,
  /** Every message row was quarantined, or there was nothing to load: nothing was loaded. */
  nothing_accepted: 4,
  /** Another load holds the lake's lock. */
  lock_held: 5,
  /** An interrupted load was found that could not be repaired (or, for readers, was not repaired yet). */
  interrupted: 6,
} as const;

export type UserErrorKind = keyof typeof USER_ERROR_EXIT_CODES;

export class UserError extends Error {
  override name = 'UserError';
  /** What went wrong, as far as the caller must tell it apart: it decides the exit code. Subclasses override it. */
  readonly kind: UserErrorKind = 'usage';

  /** The CLI's exit code for this error (a getter, so a subclass sets only its `kind`). */
  get exitCode(): (typeof USER_ERROR_EXIT_CODES)[UserErrorKind] {
    return USER_ERROR_EXIT_CODES[this.kind];
  }
}
