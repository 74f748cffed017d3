// Errors a user can fix: the CLI prints the message (which names the file, line and reason), no stack.

export class IngestError extends Error {
  override name = 'IngestError';
  readonly userFacing = true;
}

/** An error about one input file, optionally at one line. */
export function fileError(file: string, reason: string, line?: number): IngestError {
  return new IngestError(`${file}${line !== undefined ? `, line ${line}` : ''}: ${reason}`);
}
