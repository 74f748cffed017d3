// What counts as an email address, decided once. Ingestion (lead_emails, in DuckDB SQL), the settings
// (reports.from_address), the environment config (senderAddress), the sign-in form and delivery all ask
// here, so an address accepted at one step cannot fail as "not an email address" at a later one.
//
// The rule is deliberately plain, not RFC 5322: local@domain, where
//   - neither part holds whitespace, '@', '<', '>', ',', ';' or '"' (';' and ',' separate addresses in
//     a lead_emails cell; '<', '>' and '"' would change the meaning of a To: header);
//   - the domain is dot-separated labels with no empty label (a@b.org, not a@b, a@.org or a@b..org), or
//     `localhost` (local SMTP servers in development and tests);
//   - the whole is at most 254 characters (the longest address SMTP can carry).
// The pattern is written in the common subset of ECMAScript and RE2 (DuckDB's regexp_matches), so the
// same text runs in both; whitespace is spelt out because \s differs between them beyond ASCII.

const PART = '[^ \\t\\r\\n\\f\\v@<>,;"]';
const LABEL = '[^ \\t\\r\\n\\f\\v@<>,;".]+';

/** The address pattern, valid in ECMAScript and in RE2. */
export const EMAIL_ADDRESS_PATTERN = `^${PART}+@((${LABEL}\\.)+${LABEL}|localhost)$`;

/** The longest address accepted (RFC 5321's path limit less the angle brackets). */
export const EMAIL_ADDRESS_MAX_LENGTH = 254;

const RE = new RegExp(EMAIL_ADDRESS_PATTERN);

/** Whether `s` is an address portal-pulse can send to (see the rule above). */
export function isEmailAddress(s: string): boolean {
  return s.length <= EMAIL_ADDRESS_MAX_LENGTH && RE.test(s);
}

/** The same test as a DuckDB SQL boolean over the text expression `expr`. */
export function isEmailAddressSql(expr: string): string {
  return `(regexp_matches(${expr}, '${EMAIL_ADDRESS_PATTERN.replace(/'/g, "''")}') AND length(${expr}) <= ${EMAIL_ADDRESS_MAX_LENGTH})`;
}
