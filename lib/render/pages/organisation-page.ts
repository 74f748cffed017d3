// The organisation page for one month: headline figures with comparisons, trend and hour-of-day charts,
// every department side by side, and messages per clinician. Self-contained (inline SVG and CSS).
import type { OrganisationReportModel } from '../../report/model-types.ts';
import { html } from '../html.ts';
import { renderTable } from '../table.ts';
import { chartFigure } from './chart.ts';
import { figureCards, headlineTable } from './headlines.ts';
import { notesList } from './notes.ts';
import { renderPage } from './shell.ts';

export interface PageOptions {
  /** When the page was produced (ISO); defaults to now. Recorded for the index page. */
  generatedAt?: string;
}

export async function renderOrganisationPage(model: OrganisationReportModel, opts: PageOptions = {}): Promise<string> {
  const ns = `org-${model.month}`;
  const [trendRates, trendVolume, hours] = await Promise.all([
    chartFigure(model.charts.trendRates, ns),
    chartFigure(model.charts.trendVolume, ns),
    chartFigure(model.charts.hours, ns),
  ]);
  const preliminary = model.preliminary ? html`<p class="preliminary" role="note"><strong>${model.preliminary}</strong></p>` : '';
  const main = html`${preliminary}<h1>${model.title}</h1>
${model.whatChanged ? html`<p class="what-changed">${model.whatChanged}</p>` : ''}
<p class="lede">${model.summary}</p>
<p class="note">Data up to ${model.dataCutoffLabel}. Times are local (${model.timezone}).</p>
<section aria-labelledby="h-headlines"><h2 id="h-headlines">Headline figures</h2>
${figureCards(model.headlines.slice(0, 4))}
${headlineTable(model.headlines, `${model.monthLabel} compared with earlier months`, model.monthLabel, 'table-headlines')}
</section>
<section aria-labelledby="h-trends"><h2 id="h-trends">Trends and time of day</h2>
${trendRates}${trendVolume}${hours}
</section>
<section aria-labelledby="h-departments"><h2 id="h-departments">Departments</h2>
${renderTable(model.departments, 'page')}
</section>
<section aria-labelledby="h-clinicians"><h2 id="h-clinicians">Messages per clinician</h2>
${renderTable(model.perClinician, 'page')}
</section>
${notesList([...model.disclosure.notes, ...model.settingsNotes])}`;
  return renderPage({
    title: model.title,
    depth: 'pages',
    wide: true,
    disclosureRule: model.disclosure.rule,
    main,
    entry: { kind: 'organisation', title: model.title, period: model.month, generatedAt: opts.generatedAt ?? new Date().toISOString() },
  });
}
