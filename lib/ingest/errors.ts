// Errors a user can fix: the CLI prints the message (which names the file, line and reason), no stack, and
// exits with the error's exitCode (the codes are listed in `portal-pulse ingest --help` and docs/ingestion.md).

export const EXIT = {
  /** Loaded (some rows may be quarantined). */
  loaded: 0,
  /** A problem outside the export: bad flags or settings, a lake that cannot be used (path, permissions, time zone). */
  usage: 2,
  /** An export file was refused (missing, unreadable, broken structure): nothing was loaded. */
  refusedFile: 3,
  /** Every message row was quarantined, or there was nothing to load: nothing was loaded. */
  nothingAccepted: 4,
  /** Another load holds the lake's lock. */
  lockHeld: 5,
  /** An interrupted load was found that could not be repaired (or, for readers, was not repaired yet). */
  interrupted: 6,
} as const;

export class IngestError extends Error {
  override name = 'IngestError';
  readonly userFacing = true;
  readonly exitCode: number = EXIT.usage;
}

/** An export file that cannot be loaded. */
export class RefusedFileError extends IngestError {
  override name = 'RefusedFileError';
  override readonly exitCode: number = EXIT.refusedFile;
}

/** Rows were read but none could be accepted. */
export class NothingAcceptedError extends IngestError {
  override name = 'NothingAcceptedError';
  override readonly exitCode: number = EXIT.nothingAccepted;
}

/** An error about one input file, optionally at one line. */
export function fileError(file: string, reason: string, line?: number): IngestError {
  return new RefusedFileError(`${file}${line !== undefined ? `, line ${line}` : ''}: ${reason}`);
}
