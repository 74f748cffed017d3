// Where publish puts things in a Storage, and how the index reads a page's key back.

/** A department id as one safe key segment: kept when plain, else percent-encoded (dots too). */
export function keySegment(id: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) && !id.includes('..')) return id;
  return encodeURIComponent(id).replace(/\./g, '%2E').replace(/\*/g, '%2A') || '_';
}

export const INDEX_KEY = 'index.html';
export const PAGES_PREFIX = 'pages/';

export const EMAILS_PREFIX = 'emails/';

/**
 * A department's email files: emails/<YYYY-MM>/<id>.eml and .html when the month is given (a run never
 * overwrites another month's emails), emails/<id>.* in a storage that is already per month (the cloud's
 * previews/<YYYY-MM>/ prefix).
 */
export const emailKeys = (departmentId: string, month?: string): { eml: string; html: string } => {
  const base = `${EMAILS_PREFIX}${month ? `${month}/` : ''}${keySegment(departmentId)}`;
  return { eml: `${base}.eml`, html: `${base}.html` };
};

/** The month and department of an email preview's key (emails/<YYYY-MM>/<id>.html), or null. */
export function emailEntryFromKey(key: string): { month: string; departmentId: string } | null {
  const m = /^emails\/(\d{4}-\d{2})\/([^/]+)\.html$/.exec(key);
  if (!m) return null;
  let id = m[2] as string;
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep the segment as written
  }
  return { month: m[1] as string, departmentId: id };
}

export const organisationPageKey = (month: string): string => `${PAGES_PREFIX}organisation-${month}.html`;
export const studyPageKey = (from: string, to: string): string => `${PAGES_PREFIX}study-${from}_${to}.html`;

/** What a page's key alone says about it (used when the page carries no portal-pulse meta tags). */
export function entryFromKey(key: string): { kind: 'organisation' | 'study'; period: string } | null {
  const name = key.slice(PAGES_PREFIX.length);
  let m = /^organisation-(\d{4}-\d{2})\.html$/.exec(name);
  if (m) return { kind: 'organisation', period: m[1] as string };
  m = /^study-(\d{4}-\d{2})_(\d{4}-\d{2})\.html$/.exec(name);
  if (m) return { kind: 'study', period: `${m[1]}_${m[2]}` };
  return null;
}
