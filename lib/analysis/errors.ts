// Errors a user can fix (bad month, empty range): the CLI prints the message alone, no stack.
export class AnalysisError extends Error {
  override name = 'AnalysisError';
  readonly userFacing = true;
}
