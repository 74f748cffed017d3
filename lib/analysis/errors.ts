// Errors a user can fix (bad month, empty range): the CLI prints the message alone, no stack.
import { UserError } from '../errors/index.ts';

export class AnalysisError extends UserError {
  override name = 'AnalysisError';
}
