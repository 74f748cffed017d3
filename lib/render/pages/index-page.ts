// The index page: every report produced, newest first.
import type { IndexEntry } from '../../report/model-types.ts';
import { html, type Html } from '../html.ts';
import { renderPage } from './shell.ts';

const KIND_LABEL: Record<IndexEntry['kind'], string> = {
  organisation: 'Organisation, month',
  study: 'Study, range',
  department: 'Department email',
};

/** The last month a period covers: "2017-06" → "2017-06"; "2016-01_2017-12" → "2017-12". */
function periodEnd(period: string): string {
  const parts = period.split('_');
  return parts[parts.length - 1] ?? period;
}

/**
 * Newest first: by the last month the report covers, then by when it was produced, then by title so
 * the order is stable. (A rerun of an old month does not jump above this month's report.)
 */
export function sortIndexEntries(entries: readonly IndexEntry[]): IndexEntry[] {
  return [...entries].sort(
    (a, b) =>
      periodEnd(b.period).localeCompare(periodEnd(a.period)) ||
      b.generatedAt.localeCompare(a.generatedAt) ||
      a.title.localeCompare(b.title),
  );
}

/** "June 2017" from "2017-06" (kept here: the index has no report model). */
function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Each month's department emails, newest month first, each month a list of its emails by title. */
function emailSections(emails: readonly IndexEntry[]): Html | '' {
  if (!emails.length) return '';
  const months = [...new Set(emails.map((e) => e.period))].sort().reverse();
  const month = (m: string): Html => {
    const list = emails.filter((e) => e.period === m).sort((a, b) => a.title.localeCompare(b.title));
    const summary = html`<summary>${monthName(m)}: ${String(list.length)} department email${list.length === 1 ? '' : 's'}</summary>`;
    const links = html`<ul class="emails">${list.map((e) => html`<li><a href="${e.href}">${e.title}</a></li>`)}</ul>`;
    return html`<details${m === months[0] ? html` open` : ''}>${summary}${links}</details>`;
  };
  const intro = html`<p class="note">The email each department\u2019s leads receive, as a browser preview. Every month keeps its own.</p>`;
  return html`<h2 id="h-emails">Department emails</h2>${intro}${months.map(month)}`;
}

export function renderIndexPage(entries: IndexEntry[]): string {
  const sorted = sortIndexEntries(entries.filter((e) => e.kind !== 'department'));
  const emails = entries.filter((e) => e.kind === 'department');
  const entry = (e: IndexEntry): Html => {
    const time = e.generatedAt ? html`<time datetime="${e.generatedAt}">${e.generatedAt.slice(0, 16).replace('T', ' ')} UTC</time>` : '';
    const produced = e.generatedAt ? html` <span class="note">produced ${time}</span>` : '';
    return html`<li><span class="kind">${KIND_LABEL[e.kind]}</span> <a href="${e.href}">${e.title}</a>${produced}</li>`;
  };
  const commands = html`<code>portal-pulse monthly --month YYYY-MM</code> or <code>portal-pulse study</code>`;
  const list = sorted.length
    ? html`<ol class="reports" reversed>${sorted.map(entry)}</ol>`
    : html`<p>No reports have been produced yet. Run ${commands}.</p>`;
  return renderPage({
    title: 'Portal Pulse reports',
    depth: 'root',
    main: html`<h1>Reports</h1><p class="lede">Every report produced, newest first.</p>${list}${emailSections(emails)}`,
  });
}
