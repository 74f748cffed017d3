// The study page for a range of months: our headline figures beside the published study's, then the
// study's figure set (volumes, senders, time of day, reply times, rounds, growth) as charts and tables.
import type { StudyReportModel } from '../../report/model-types.ts';
import { cellText } from '../cells.ts';
import { html, type Html } from '../html.ts';
import { renderTable } from '../table.ts';
import { chartFigure } from './chart.ts';
import { notesList } from './notes.ts';
import type { PageOptions } from './organisation-page.ts';
import { renderPage } from './shell.ts';

export async function renderStudyPage(model: StudyReportModel, opts: PageOptions = {}): Promise<string> {
  const ns = `study-${model.from}-${model.to}`;
  const [yearly, hours, delays, rounds] = await Promise.all([
    chartFigure(model.charts.yearlyVolume, ns),
    chartFigure(model.charts.hours, ns),
    chartFigure(model.charts.delays, ns),
    chartFigure(model.charts.rounds, ns),
  ]);
  const main = html`<h1>${model.title}</h1>
<p class="lede">${model.summary}</p>
<p class="note">Data up to ${model.dataCutoffLabel}. Times are local (${model.timezone}).${model.engineNote ? html` Computed with ${model.engineNote}.` : ''}</p>
<section aria-labelledby="h-headlines"><h2 id="h-headlines">Headline figures beside the published study</h2>
${sideBySide(model)}
</section>
<section aria-labelledby="h-volume"><h2 id="h-volume">Message volume</h2>
${yearly}${renderTable(model.yearlyVolume, 'page')}${model.growth ? renderTable(model.growth, 'page') : ''}
</section>
<section aria-labelledby="h-senders"><h2 id="h-senders">Who writes, and how much</h2>
${renderTable(model.activeSenders, 'page')}${renderTable(model.perSender, 'page')}
</section>
<section aria-labelledby="h-time"><h2 id="h-time">When clinicians write</h2>
${hours}${renderTable(model.timeOfDay, 'page')}
</section>
<section aria-labelledby="h-response"><h2 id="h-response">How fast patients get a reply</h2>
${renderTable(model.response, 'page')}${delays}${model.delayDistribution ? renderTable(model.delayDistribution, 'page') : ''}
</section>
<section aria-labelledby="h-rounds"><h2 id="h-rounds">Back-and-forth rounds per thread</h2>
${rounds}${renderTable(model.rounds, 'page')}
</section>
<section aria-labelledby="h-quality"><h2 id="h-quality">Data loaded</h2>
${renderTable(model.load, 'page')}
</section>
${notesList(model.disclosure.notes)}
<section aria-labelledby="h-settings"><h2 id="h-settings">Settings used</h2>
<div class="table-wrap"><table><caption>Every setting this report was computed with</caption><thead><tr><th scope="col">Setting</th><th scope="col">Value</th></tr></thead><tbody>${model.settings.map(
    (s) => html`<tr><th scope="row"><code>${s.key}</code></th><td>${s.value}</td></tr>`,
  )}</tbody></table></div>
</section>`;
  return renderPage({
    title: model.title,
    depth: 'pages',
    main,
    entry: { kind: 'study', title: model.title, period: `${model.from}_${model.to}`, generatedAt: opts.generatedAt ?? new Date().toISOString() },
  });
}

function sideBySide(model: StudyReportModel): Html {
  const rows = model.headlines.map(
    (h) => html`<tr><th scope="row">${h.label}</th><td>${cellText(h.ours)}</td><td class="reference">${h.published.text}</td><td class="note">${h.note ?? ''}</td></tr>`,
  );
  return html`<div class="table-wrap side-by-side" id="table-side-by-side"><table><caption>This data (${model.periodLabel}) and the published study (secure messages 2010-2017, over 5 million messages)</caption><thead><tr><th scope="col">Figure</th><th scope="col">This data</th><th scope="col">Published study</th><th scope="col">Note</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
