// The frame every page shares: templates/pages/page.html with templates/pages/page.css inlined.
import { Html, fillSlots, html, type HtmlValue } from '../html.ts';
import { readTemplate } from '../templates.ts';
import type { IndexEntry } from '../../report/model-types.ts';

export interface PageParts {
  title: string;
  /** Where the page sits: 'root' for index.html, 'pages' for pages/*.html (the link back differs). */
  depth: 'root' | 'pages';
  main: HtmlValue;
  /** What the index needs to list this page; written as <meta name="portal-pulse:*"> tags. */
  entry?: Pick<IndexEntry, 'kind' | 'title' | 'period' | 'generatedAt'>;
  /** The disclosure rule the page's figures follow (DisclosureSummary.rule); stated in the footer. A page with
   * no figures (the index) passes none and its footer makes no claim about counts. */
  disclosureRule?: string;
  /** A wider main column (up to 1280 px), for the organisation page's department table. */
  wide?: boolean;
}

export function renderPage(parts: PageParts): string {
  const css = readTemplate('pages/page.css');
  const nav = parts.depth === 'pages' ? html`<nav aria-label="Reports"><a href="../index.html">All reports</a></nav>` : html``;
  return fillSlots(
    readTemplate('pages/page.html'),
    {
      TITLE: parts.title,
      // The stylesheet is our own file, not data; '</style' cannot appear in it by construction.
      CSS: new Html(css.replace(/<\/style/gi, '<\\/style')),
      NAV: nav,
      META: parts.entry
        ? html`<meta name="portal-pulse:kind" content="${parts.entry.kind}">
<meta name="portal-pulse:title" content="${parts.entry.title}">
<meta name="portal-pulse:period" content="${parts.entry.period}">
<meta name="portal-pulse:generated-at" content="${parts.entry.generatedAt}">`
        : '',
      MAIN: parts.main,
      MAIN_CLASS: parts.wide ? 'wide' : '',
      FOOTER: footer(parts.disclosureRule),
    },
    'pages/page.html',
  );
}

/** "Produced by portal-pulse. On this page, counts of distinct patients from 1 to 10 are shown as <11; ...". */
function footer(rule: string | undefined): Html {
  return rule ? html`<p>Produced by portal-pulse. On this page, ${rule}</p>` : html`<p>Produced by portal-pulse.</p>`;
}
