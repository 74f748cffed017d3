// The plain-text part: the same figures as the HTML, for clients that show text only and for screen
// readers that prefer it. Lines stay short; tables become one line per row.
import type { DepartmentReportModel, HeadlineFigure, TableModel } from '../../report/model-types.ts';
import { comparisonSentence } from '../cells.ts';

export function departmentEmailText(model: DepartmentReportModel): string {
  const out: string[] = [];
  const title = `${model.department.name}: ${model.monthLabel}`;
  // A preliminary month says so on the very first line.
  if (model.preliminary) out.push(model.preliminary, '');
  out.push(title, '='.repeat(Math.min(title.length, 72)), '');
  if (model.whatChanged) out.push(model.whatChanged, '');
  out.push(model.preliminary ? model.summary.slice(model.preliminary.length).trim() : model.summary, '');
  if (model.organisationLink) out.push(`${model.organisationLink.text}: ${model.organisationLink.href}`, '');
  out.push(...headlineLines('HEADLINE FIGURES', model.headlines));
  const charts = [model.charts.trendRates, model.charts.trendVolume, model.charts.hours];
  for (const chart of charts) {
    if (!chart) continue;
    out.push(chart.title.toUpperCase(), chart.alt);
    // The alt text usually states the note already.
    if (chart.note && !chart.alt.includes(chart.note)) out.push(chart.note);
    out.push('');
  }
  out.push(...tableLines(model.perClinician));
  out.push(...model.disclosure.notes, ...model.settingsNotes);
  out.push(`Data up to ${model.dataCutoffLabel}.`);
  out.push('', 'Sent by Portal Pulse to the department’s leads. Reply to your analytics team with questions.');
  return out.join('\n') + '\n';
}

function headlineLines(heading: string, figures: HeadlineFigure[]): string[] {
  const out = [heading, ''];
  for (const f of figures) {
    out.push(`${f.label}: ${f.value.text}${f.interval ? ` (${f.interval})` : ''}`);
    if (f.few) out.push(`  ${f.few}`);
    if (f.unusual) out.push(`  ${f.unusual}`);
    for (const c of f.comparisons) out.push(`  - ${comparisonSentence(c)}`);
  }
  out.push('');
  return out;
}

/** "Header: Column 1 value; Column 2 value" per row. */
export function tableLines(t: TableModel): string[] {
  const out = [t.caption.toUpperCase()];
  for (const r of t.rows) {
    const cells = r.cells.map((c, i) => `${t.columns[i]?.label ?? ''} ${c.text}`.trim());
    out.push(`- ${r.header}: ${cells.join('; ')}`);
  }
  out.push(...t.notes, '');
  return out;
}
