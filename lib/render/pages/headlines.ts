// Headline figures on a page: one row per figure, one column per comparison the model carries.
import type { ComparisonKind, HeadlineFigure } from '../../report/model-types.ts';
import { arrow, assessmentWord, cellText } from '../cells.ts';
import { html, type Html } from '../html.ts';

const ORDER: ComparisonKind[] = ['previous_month', 'same_month_last_year', 'organisation'];

export function headlineTable(figures: HeadlineFigure[], caption: string, valueLabel: string, id: string): Html {
  const kinds = ORDER.filter((k) => figures.some((f) => f.comparisons.some((c) => c.against === k)));
  const labelOf = (k: ComparisonKind): string =>
    figures.flatMap((f) => f.comparisons).find((c) => c.against === k)?.label ?? k;
  const head = html`<tr><th scope="col">Figure</th><th scope="col" class="num">${valueLabel}</th>${kinds.map(
    (k) => html`<th scope="col">${labelOf(k)}</th>`,
  )}</tr>`;
  const rows = figures.map((f) => {
    const cells = kinds.map((k) => {
      const c = f.comparisons.find((x) => x.against === k);
      if (!c) return html`<td>—</td>`;
      const word = assessmentWord(c.change);
      const mark = arrow(c.change);
      return html`<td><span class="ref">${cellText(c.value)}</span><br><span class="note">${mark ? html`<span aria-hidden="true">${mark}</span> ` : ''}${c.change.text}${c.change.direction === 'up' || c.change.direction === 'down' ? html` ${c.change.word}` : ''}${word ? html` (${word})` : ''}</span></td>`;
    });
    return html`<tr><th scope="row" title="${f.description}">${f.label}</th><td class="num"><strong>${cellText(f.value)}</strong></td>${cells}</tr>`;
  });
  return html`<div class="table-wrap" id="${id}"><table><caption>${caption}</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

/** Headline cards: the key figures at a glance above the tables. */
export function figureCards(figures: HeadlineFigure[]): Html {
  return html`<ul class="figures">${figures.map(
    (f) => html`<li class="figure"><span class="label">${f.label}</span><span class="value">${cellText(f.value)}</span>${
      f.comparisons[0] ? html`<span class="detail">${f.comparisons[0].change.sentence}</span>` : ''
    }</li>`,
  )}</ul>`;
}
