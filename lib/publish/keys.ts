// Where publish puts things in a Storage, and how the index reads a page's key back.

/** A department id as one safe key segment: kept when plain, else percent-encoded (dots too). */
export function keySegment(id: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) && !id.includes('..')) return id;
  return encodeURIComponent(id).replace(/\./g, '%2E').replace(/\*/g, '%2A') || '_';
}

export const INDEX_KEY = 'index.html';
export const PAGES_PREFIX = 'pages/';

export const emailKeys = (departmentId: string): { eml: string; html: string } => ({
  eml: `emails/${keySegment(departmentId)}.eml`,
  html: `emails/${keySegment(departmentId)}.html`,
});

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
