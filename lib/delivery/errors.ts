// Errors of the delivery adapters. The send ledger must know whether a failed send may still have
// been delivered: only a definite refusal lets it retry later without risking a duplicate email.
import { UserError } from '../errors/index.ts';

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  /**
   * true: the message certainly did not leave (connection refused, recipient or sender rejected
   * before the body was accepted). false: the outcome is unknown (e.g. the connection dropped
   * after the body was sent), so an automatic retry could email someone twice.
   */
  readonly notSent: boolean;
  constructor(message: string, notSent: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.notSent = notSent;
  }
}

/** A setup problem the operator can fix (e.g. no SMTP settings): printed without a stack trace. */
export class DeliveryConfigError extends UserError {
  override name = 'DeliveryConfigError';
}

/**
 * Why a send result is not a plain success, as a kind a caller can branch on (the `error` text beside it
 * is for people). A result with a kind may also carry the `cause`, the value that was thrown, so a caller
 * can judge it (e.g. whether an S3 error is retryable) without re-parsing text.
 */
export const DELIVERY_ERROR_KINDS = {
  /** Recipient: the lead address is not an email address (lib/email-address); never sent. */
  invalid_address: 'not an email address',
  /** Recipient: the department's email could not be rendered, so nothing was sent to anyone. */
  not_rendered: 'not rendered',
  /** Department: rendering the email failed (cause: the render error). */
  render_failed: 'render failed',
  /** Department: the send ledger (storage) failed, so the department's outcome is unknown (cause: the storage error). */
  ledger_failed: 'ledger failed',
  /** Recipient: the mailer certainly did not send (cause: the mailer's error); the claim is released. */
  refused: 'refused',
  /** Recipient (unconfirmed): the mailer may have sent (cause: its error); the claim is kept. */
  outcome_unknown: 'outcome unknown',
  /** Recipient (unconfirmed): another run claimed this send at the same moment. */
  claimed_concurrently: 'claimed concurrently',
  /** Recipient (unconfirmed): an earlier run claimed this send and never confirmed it. */
  claimed_unconfirmed: 'claimed, never confirmed',
  /** Recipient (sent): the email went, but its SENT record could not be written (cause: the storage error). */
  ledger_record_failed: 'ledger record failed',
} as const;

export type DeliveryErrorKind = keyof typeof DELIVERY_ERROR_KINDS;
