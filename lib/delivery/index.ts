// Delivery: the Mailer port, its adapters (files, SMTP, SES) and the idempotent monthly send.
// (Importing this loads the SES SDK; local code that wants only SMTP may import the files directly.)
export type { EmailAttachment, EmailMessage, Mailer } from './mailer.ts';
export { composeMessage, toMailOptions } from './compose.ts';
export { DELIVERY_ERROR_KINDS, DeliveryConfigError, DeliveryError, type DeliveryErrorKind } from './errors.ts';
export { FilesMailer } from './files-mailer.ts';
export { SmtpMailer, SMTP_PASSWORD_ENV, SMTP_USER_ENV } from './smtp-mailer.ts';
export { SesMailer, type SesMailerOptions } from './ses-mailer.ts';
export {
  sendMonthlyEmails,
  isFailure,
  ledgerKeys,
  type DeliveryDepartment,
  type DepartmentSendResult,
  type DepartmentStatus,
  type RecipientSendResult,
  type RecipientStatus,
  type SendMonthlyOptions,
} from './send-monthly.ts';
