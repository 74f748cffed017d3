// Errors a user can fix: the CLI prints the message (which names the file, line and reason), no stack, and
// exits with the error's exitCode (the codes are listed in `portal-pulse ingest --help` and docs/ingestion.md).
import { USER_ERROR_EXIT_CODES as CODES, UserError, type UserErrorKind } from '../errors/index.ts';

/** ingest's exit codes: 0 and the user errors' codes (lib/errors). */
export const EXIT = {
  /** Loaded (some rows may be quarantined). */
  loaded: 0,
  usage: CODES.usage,
  refusedFile: CODES.refused_file,
  nothingAccepted: CODES.nothing_accepted,
  lockHeld: CODES.lock_held,
  interrupted: CODES.interrupted,
} as const;

export class IngestError extends UserError {
  override name = 'IngestError';
  override readonly kind: UserErrorKind = 'usage';
}

/** An export file that cannot be loaded. */
export class RefusedFileError extends IngestError {
  override name = 'RefusedFileError';
  override readonly kind: UserErrorKind = 'refused_file';
}

/** Rows were read but none could be accepted. */
export class NothingAcceptedError extends IngestError {
  override name = 'NothingAcceptedError';
  override readonly kind: UserErrorKind = 'nothing_accepted';
}

/** An error about one input file, optionally at one line. */
export function fileError(file: string, reason: string, line?: number): IngestError {
  return new RefusedFileError(`${file}${line !== undefined ? `, line ${line}` : ''}: ${reason}`);
}
