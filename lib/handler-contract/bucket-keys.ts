// Where things live inside the buckets. The constructs grant, expire and describe these prefixes; the
// handlers read and write under them. Both import this file, so a prefix renamed here moves the IAM
// policies, the lifecycle rules and the handlers together (a policy left on the old name would deny
// the handler at run time, which no unit test of either side alone would catch).
// This module is imported by the Lambda bundles: it must stay free of aws-cdk-lib and of the AWS SDK.
//
// raw bucket
//   uploads/<export>/...                 an export as uploaded; uploads/<export>/READY starts ingestion
// quarantine bucket
//   quarantine/<load id>...              rejected rows with file, line and reason
// results bucket (private, never served)
//   athena/                              Athena query output (expires after retention.queryResultsDays)
//   monthly/<YYYY-MM>/monthly.json       the month's results (exact counts, before disclosure control)
//   monthly/<YYYY-MM>/departments.json   the departments and their leads at compute time
//   monthly/<YYYY-MM>/run.json           the run's outcome, written by Finish; the watchdog reads it
//   runs/<YYYY-MM>/<scheduled time>.json the run lock of each scheduled start
//   ledger/<YYYY-MM>/<dept>/<lead>.*     the send ledger (lib/delivery)
//   previews/<YYYY-MM>/emails/<dept>.*   each department's email as sent (.eml) and as HTML, for the team
//   access/leads.json                    lead addresses the page sign-in accepts

/** Key prefixes inside the buckets (each ends with '/'). */
export const PREFIXES = {
  uploads: 'uploads/',
  athenaResults: 'athena/',
  monthly: 'monthly/',
  ledger: 'ledger/',
  access: 'access/',
  quarantine: 'quarantine/',
  runs: 'runs/',
  previews: 'previews/',
} as const;

/** The marker object whose arrival under uploads/<export>/ starts ingestion of that export. */
export const UPLOAD_READY_MARKER = 'READY';

/** The lead addresses the page sign-in accepts (results bucket). */
export const LEADS_KEY = `${PREFIXES.access}leads.json`;

/** The month's private objects in the results bucket. */
export const monthlyKeys = (month: string) => ({
  monthly: `${PREFIXES.monthly}${month}/monthly.json`,
  departments: `${PREFIXES.monthly}${month}/departments.json`,
  run: `${PREFIXES.monthly}${month}/run.json`,
});

/** The name of run.json under each month's folder: Finish may write it and no other object of the month. */
export const RUN_OBJECT = 'run.json';

/** The run lock of one scheduled start: runs/<month>/<scheduled time>.json. */
export const runLockKey = (month: string, scheduledTime: string) =>
  `${PREFIXES.runs}${month}/${scheduledTime.replace(/[^0-9A-Za-z.-]/g, '_')}.json`;

/** The folder of one month's email previews (results bucket). */
export const previewsPrefix = (month: string) => `${PREFIXES.previews}${month}/`;
