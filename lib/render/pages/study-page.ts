// The study page for a range of months: our headline figures beside the published study's, then the
// study's figure set as charts and tables (each with its CSV one click away, as a data: link that needs
// no script and no request), then the methods box: definitions, the settings that change a number, the
// engine, the cut-off, the data-quality counts, the version and the fingerprint of the lake's loads.
import type { DisplayCell, StudyReportModel, StudySection, TableModel } from '../../report/model-types.ts';
import { cellText } from '../cells.ts';
import { tableCsv, tableCsvName } from '../csv.ts';
import { html, type Html } from '../html.ts';
import { chartFigure } from './chart.ts';
import { notesList } from './notes.ts';
import type { PageOptions } from './organisation-page.ts';
import { renderPage } from './shell.ts';

/** Every table the page shows, in page order: the ones written as tables/<id>.csv too. */
export function studyPageTables(model: StudyReportModel): TableModel[] {
  return [...model.sections.flatMap((s) => s.tables), model.methods.dataQuality];
}

/** A cell: its final text, and a rate's interval on a line of its own beneath it. */
function cell(c: DisplayCell): Html {
  if (c.kind === 'rate' && c.interval)
    return html`${cellText(c)}<span class="ci" title="95% interval (Wilson)">95% CI ${c.interval}</span>`;
  return cellText(c);
}

/** The CSV as a data: URI. CSP governs fetches, not a download the reader asks for; no script is needed. */
function csvHref(t: TableModel): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(tableCsv(t))}`;
}

export function studyTable(t: TableModel): Html {
  const num = (right: boolean) => (right ? html` class="num"` : '');
  const columnHead = (c: TableModel['columns'][number]) => html`<th scope="col"${num(c.align === 'right')}>${c.label}</th>`;
  const head = html`<tr><th scope="col">${t.rowHeaderLabel}</th>${t.columns.map(columnHead)}</tr>`;
  const body = t.rows.map((r) => {
    const header = html`<th scope="row">${r.isTotal ? html`<strong>${r.header}</strong>` : r.header}</th>`;
    const cells = r.cells.map((c, i) => html`<td${num(t.columns[i]?.align === 'right')}>${cell(c)}</td>`);
    return html`<tr${r.isTotal ? html` class="total"` : ''}>${header}${cells}</tr>`;
  });
  const notes = t.notes.length ? html`<p class="note">${t.notes.join(' ')}</p>` : '';
  const table = html`<table><caption>${t.caption}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
  const name = tableCsvName(t);
  const link = html`<a href="${csvHref(t)}" download="${name}" data-table="${t.id}">Download this table as CSV (${name})</a>`;
  const download = html`<p class="download">${link}</p>`;
  return html`<div class="study-table"><div class="table-wrap" id="${`table-${t.id}`}">${table}</div>${notes}${download}</div>`;
}

async function section(s: StudySection, ns: string): Promise<Html> {
  const charts = await Promise.all(s.charts.map((c) => chartFigure(c, ns)));
  return html`<section aria-labelledby="${`h-${s.id}`}" id="${`section-${s.id}`}"><h2 id="${`h-${s.id}`}">${s.title}</h2>
${s.intro ? html`<p class="note">${s.intro}</p>` : ''}${charts}${s.tables.map(studyTable)}
</section>`;
}

function methods(model: StudyReportModel): Html {
  const m = model.methods;
  const p = m.provenance;
  const loads = p ? html`${p.loads} load${p.loads === 1 ? '' : 's'}` : '';
  const lake = p
    ? html`${loads}, fingerprint <code class="fingerprint">${p.fingerprint}</code> (two runs on the same lake show the same fingerprint)`
    : 'fingerprint not recorded';
  const cutoff = html`${m.cutoffLabel} (<code>${m.cutoff}</code>): the latest message used; replies and later turns are followed up to it.`;
  const caption = html`<caption>The settings this study was computed with (delivery settings change no number and are left out)</caption>`;
  const settingRows = m.settings.map((s) => html`<tr><th scope="row"><code>${s.key}</code></th><td>${s.value}</td></tr>`);
  const settingsHead = html`<thead><tr><th scope="col">Setting</th><th scope="col">Value</th></tr></thead>`;
  const settings = html`<table>${caption}${settingsHead}<tbody>${settingRows}</tbody></table>`;
  return html`<section class="methods" aria-labelledby="h-methods" id="section-methods"><h2 id="h-methods">Methods</h2>
<p>${m.audience}</p>
<dl class="facts">
<dt>Data cut-off</dt><dd>${cutoff}</dd>
<dt>Engine</dt><dd>${m.engine ?? 'not recorded'}</dd>
<dt>portal-pulse</dt><dd>${p ? html`version <code>${p.version}</code>` : 'version not recorded'}</dd>
<dt>Lake</dt><dd>${lake}</dd>
</dl>
<h3>Definitions</h3>
<dl class="definitions">${m.definitions.map((d) => html`<dt>${d.term}</dt><dd>${d.meaning}</dd>`)}</dl>
<h3>Settings that change a number</h3>
<div class="table-wrap" id="table-settings">${settings}</div>
<h3>Data quality</h3>
${studyTable(m.dataQuality)}
</section>`;
}

/** Who may read the page, the data cut-off and time zone, the engine and the lake's provenance, in one note. */
function audienceNote(model: StudyReportModel): Html {
  const who =
    model.audience === 'public'
      ? 'Public release: small counts are hidden for release outside the organisation.'
      : 'For readers in the organisation; not for release outside it.';
  const engine = model.engineNote ? html` Computed with ${model.engineNote}.` : '';
  const p = model.methods.provenance;
  const fingerprint = p ? html`<code class="fingerprint">${p.fingerprint.slice(0, 19)}\u2026</code>` : '';
  const provenance = p ? html` portal-pulse ${p.version}, lake fingerprint ${fingerprint} (full in the methods).` : '';
  return html`${who} Data up to ${model.dataCutoffLabel}. Times are local (${model.timezone}).${engine}${provenance}`;
}

export async function renderStudyPage(model: StudyReportModel, opts: PageOptions = {}): Promise<string> {
  const ns = `study-${model.from}-${model.to}`;
  const sections = await Promise.all(model.sections.map((s) => section(s, ns)));
  const main = html`<h1>${model.title}</h1>
<p class="lede">${model.summary}</p>
<p class="note audience">${audienceNote(model)}</p>
<section aria-labelledby="h-headlines"><h2 id="h-headlines">Headline figures beside the published study</h2>
${sideBySide(model)}
</section>
${sections}
${notesList(model.disclosure.notes)}
${methods(model)}`;
  return renderPage({
    title: model.title,
    depth: 'pages',
    main,
    disclosureRule: model.disclosure.rule,
    entry: {
      kind: 'study',
      title: model.title,
      period: `${model.from}_${model.to}`,
      generatedAt: opts.generatedAt ?? new Date().toISOString(),
    },
  });
}

function sideBySide(model: StudyReportModel): Html {
  const rows = model.headlines.map((h) => {
    const cells = html`<td>${cell(h.ours)}</td><td class="reference">${h.published.text}</td><td class="note">${h.note ?? ''}</td>`;
    return html`<tr><th scope="row">${h.label}</th>${cells}</tr>`;
  });
  const published = html`the published study (secure messages 2010-2017, over 5 million messages)`;
  const caption = html`<caption>This data (${model.periodLabel}) and ${published}</caption>`;
  const column = (label: string) => html`<th scope="col">${label}</th>`;
  const head = html`<tr>${['Figure', 'This data', 'Published study', 'Note'].map(column)}</tr>`;
  const table = html`<table>${caption}<thead>${head}</thead><tbody>${rows}</tbody></table>`;
  return html`<div class="table-wrap side-by-side" id="table-side-by-side">${table}</div>`;
}
