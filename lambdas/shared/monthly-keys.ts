// Where the monthly job keeps its private files in the results bucket (never served to anyone):
//   monthly/<YYYY-MM>/monthly.json       the month's results (exact counts, before disclosure control)
//   monthly/<YYYY-MM>/departments.json   the departments and their leads at compute time
//   monthly/<YYYY-MM>/run.json           the run's outcome, written by Finish; the watchdog reads it
//   ledger/<YYYY-MM>/<dept>/<lead>.*     the send ledger (lib/delivery)
//   previews/<YYYY-MM>/emails/<dept>.*   each department's email as sent (.eml) and as HTML, for the team
//   access/leads.json                    lead addresses the page sign-in accepts
export const monthlyKeys = (month: string) => ({
  monthly: `monthly/${month}/monthly.json`,
  departments: `monthly/${month}/departments.json`,
  run: `monthly/${month}/run.json`,
});
export const LEDGER_PREFIX = 'ledger/';
export const PREVIEWS_PREFIX = 'previews/';
export const LEADS_KEY = 'access/leads.json';
