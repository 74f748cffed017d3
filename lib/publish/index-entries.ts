// Rebuilds the index from what the storage holds: every page under pages/, described by the
// <meta name="portal-pulse:*"> tags the renderer wrote into it (falling back to its file name), so the
// index is right even after pages were produced by different runs, machines or the cloud job.
import type { IndexEntry } from '../report/model-types.ts';
import type { Storage } from '../storage/storage.ts';
import { EMAILS_PREFIX, PAGES_PREFIX, emailEntryFromKey, entryFromKey } from './keys.ts';

const KINDS = new Set(['organisation', 'study', 'department']);

export async function readIndexEntries(storage: Storage): Promise<IndexEntry[]> {
  const keys = (await storage.list(PAGES_PREFIX)).filter((k) => k.endsWith('.html'));
  const entries: IndexEntry[] = [];
  for (const key of keys) {
    const fromKey = entryFromKey(key);
    const body = await storage.get(key);
    // The head is enough; pages are a few hundred KB at most.
    const meta = body ? readMeta(body.subarray(0, 8192).toString('utf8')) : {};
    const kind = meta.kind && KINDS.has(meta.kind) ? (meta.kind as IndexEntry['kind']) : fromKey?.kind;
    const period = meta.period ?? fromKey?.period;
    if (!kind || !period) continue; // not one of ours
    entries.push({
      kind,
      period,
      title: meta.title ?? defaultTitle(kind, period),
      href: key, // relative to index.html at the storage root
      generatedAt: meta['generated-at'] ?? '',
    });
  }
  return entries;
}

/**
 * Every month's department email previews the storage holds (emails/<YYYY-MM>/<id>.html), titled by the
 * email's subject. A storage without them (the hosted reports bucket keeps previews private) lists none.
 */
export async function readEmailEntries(storage: Storage): Promise<IndexEntry[]> {
  const keys = (await storage.list(EMAILS_PREFIX)).filter((k) => k.endsWith('.html'));
  const out: IndexEntry[] = [];
  for (const key of keys) {
    const e = emailEntryFromKey(key);
    if (!e) continue;
    const body = await storage.get(key);
    const title = body ? /<title>([^<]*)<\/title>/.exec(body.subarray(0, 8192).toString('utf8'))?.[1] : undefined;
    out.push({
      kind: 'department',
      period: e.month,
      title: title ? emailTitle(unescapeHtml(title)) : e.departmentId,
      href: key,
      generatedAt: '',
    });
  }
  return out;
}

/** The department's name from the subject ("Patient messaging report, June 2017: Cardiology"), marked when preliminary. */
function emailTitle(subject: string): string {
  const preliminary = /^Preliminary \(data up to .*?\)\): /.exec(subject);
  const rest = preliminary ? subject.slice(preliminary[0].length) : subject;
  const m = /^Patient messaging report, [A-Z][a-z]+ \d{4}: (.+)$/s.exec(rest);
  return `${m ? m[1] : rest}${preliminary ? ' (preliminary)' : ''}`;
}

function readMeta(head: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of head.matchAll(/<meta name="portal-pulse:([a-z-]+)" content="([^"]*)">/g)) {
    out[m[1] as string] = unescapeHtml(m[2] as string);
  }
  return out;
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function defaultTitle(kind: IndexEntry['kind'], period: string): string {
  return kind === 'study' ? `Study report, ${period.replace('_', ' to ')}` : `Organisation report, ${period}`;
}
