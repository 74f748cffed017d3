// Headline figures on a page: one row per figure (value, its 95% interval and marks), one column per
// comparison the model carries; an empty cell where there is nothing to compare.
import type { ComparisonKind, HeadlineFigure } from '../../report/model-types.ts';
import { arrow, assessmentWord, cellText } from '../cells.ts';
import { html, type Html } from '../html.ts';

const ORDER: ComparisonKind[] = ['previous_month', 'same_month_last_year', 'peers', 'organisation'];

/** The interval, "few messages" and "unusual" marks under a value. */
export function figureMarks(f: HeadlineFigure): Html {
  const interval = f.interval ? html`<br><span class="note">${f.interval}</span>` : '';
  const few = f.few ? html`<br><span class="note mark">${f.few}</span>` : '';
  const unusual = f.unusual ? html`<br><span class="note mark">${f.unusual}</span>` : '';
  return html`${interval}${few}${unusual}`;
}

export function headlineTable(figures: HeadlineFigure[], caption: string, valueLabel: string, id: string): Html {
  const kinds = ORDER.filter((k) => figures.some((f) => f.comparisons.some((c) => c.against === k)));
  const labelOf = (k: ComparisonKind): string => figures.flatMap((f) => f.comparisons).find((c) => c.against === k)?.label ?? k;
  const kindHeads = kinds.map((k) => html`<th scope="col">${labelOf(k)}</th>`);
  const head = html`<tr><th scope="col">Figure</th><th scope="col" class="num">${valueLabel}</th>${kindHeads}</tr>`;
  const rows = figures.map((f) => {
    const cells = kinds.map((k) => {
      const c = f.comparisons.find((x) => x.against === k);
      if (!c) return html`<td></td>`;
      const word = assessmentWord(c.change);
      const mark = arrow(c.change);
      const arrowMark = mark ? html`<span aria-hidden="true">${mark}</span> ` : '';
      return html`<td><span class="note">${arrowMark}${c.change.sentence}${word ? html` <strong>(${word})</strong>` : ''}</span></td>`;
    });
    const value = html`<td class="num"><strong>${cellText(f.value)}</strong>${figureMarks(f)}</td>`;
    return html`<tr><th scope="row" title="${f.description}">${f.label}</th>${value}${cells}</tr>`;
  });
  const table = html`<table><caption>${caption}</caption><thead>${head}</thead><tbody>${rows}</tbody></table>`;
  return html`<div class="table-wrap" id="${id}">${table}</div>`;
}

/** Headline cards: the key figures at a glance above the tables. */
export function figureCards(figures: HeadlineFigure[]): Html {
  const card = (f: HeadlineFigure): Html => {
    const interval = f.interval ? html`<span class="detail">${f.interval}</span>` : '';
    const change = f.comparisons[0] ? html`<span class="detail">${f.comparisons[0].change.sentence}</span>` : '';
    const value = html`<span class="value">${cellText(f.value)}</span>`;
    return html`<li class="figure"><span class="label">${f.label}</span>${value}${interval}${change}</li>`;
  };
  return html`<ul class="figures">${figures.map(card)}</ul>`;
}
