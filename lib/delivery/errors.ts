// Errors of the delivery adapters. The send ledger must know whether a failed send may still have
// been delivered: only a definite refusal lets it retry later without risking a duplicate email.

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    /**
     * true: the message certainly did not leave (connection refused, recipient or sender rejected
     * before the body was accepted). false: the outcome is unknown (e.g. the connection dropped
     * after the body was sent), so an automatic retry could email someone twice.
     */
    readonly notSent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A setup problem the operator can fix (e.g. no SMTP settings): printed without a stack trace. */
export class DeliveryConfigError extends Error {
  override name = 'DeliveryConfigError';
  readonly userFacing = true;
}
