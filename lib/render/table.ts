// Data tables with real semantics (caption, <th scope="col">, <th scope="row">) from a TableModel, in two
// flavours: pages (classes, styled by page.css) and email (inline styles, which mail clients keep).
import type { DisplayCell, TableModel } from '../report/model-types.ts';
import { cellText } from './cells.ts';
import { html, type Html } from './html.ts';

export type TableFlavour = 'page' | 'email';

/** mj-text sets word-break:break-word, which splits "Messages" into "Messa ges" in narrow columns. */
const WORDS = 'word-break:normal;overflow-wrap:normal;hyphens:none;';

const EMAIL = {
  table: 'width:100%;border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;color:#1a1a1a;',
  caption: 'text-align:left;font-weight:bold;font-size:16px;padding:0 0 6px;',
  th: 'text-align:left;padding:6px 4px;' + WORDS + 'border-bottom:2px solid #1a1a1a;font-weight:bold;vertical-align:bottom;',
  thNum: 'text-align:right;padding:6px 4px;' + WORDS + 'border-bottom:2px solid #1a1a1a;font-weight:bold;vertical-align:bottom;',
  rowTh: 'text-align:left;padding:6px 4px;' + WORDS + 'border-bottom:1px solid #d5d9e0;font-weight:normal;vertical-align:top;',
  td: 'text-align:left;padding:6px 4px;' + WORDS + 'border-bottom:1px solid #d5d9e0;vertical-align:top;',
  tdNum: 'text-align:right;white-space:nowrap;padding:6px 4px;' + WORDS + 'border-bottom:1px solid #d5d9e0;vertical-align:top;',
  groupTh: 'text-align:left;padding:12px 4px 4px;' + WORDS + 'border-bottom:2px solid #1a1a1a;font-weight:bold;',
  stackTh: 'text-align:left;padding:4px 4px 4px 12px;' + WORDS + 'border-bottom:1px solid #d5d9e0;font-weight:normal;color:#444b55;',
  total: 'font-weight:bold;',
  note: 'font-size:13px;line-height:18px;color:#444b55;margin:6px 0 0;',
  ci: 'font-size:12px;line-height:16px;color:#444b55;font-weight:normal;',
};

export function renderTable(model: TableModel, flavour: TableFlavour): Html {
  return flavour === 'page' ? pageTable(model) : emailTable(model);
}

function pageTable(t: TableModel): Html {
  const head = html`<tr><th scope="col">${t.rowHeaderLabel}</th>${t.columns.map(
    (c) => html`<th scope="col"${c.align === 'right' ? html` class="num"` : ''}>${c.label}</th>`,
  )}</tr>`;
  // A share carries its 95% interval under it: every rate a person reads does.
  const interval = (cell: DisplayCell) =>
    cell.kind === 'rate' && cell.interval ? html`<br><span class="ci" title="95% interval">${cell.interval}</span>` : '';
  const body = t.rows.map((r) => {
    const header = html`<th scope="row">${r.isTotal ? html`<strong>${r.header}</strong>` : r.header}</th>`;
    const cells = r.cells.map(
      (cell, i) => html`<td${t.columns[i]?.align === 'right' ? html` class="num"` : ''}>${cellText(cell)}${interval(cell)}</td>`,
    );
    return html`<tr${r.isTotal ? html` class="total"` : ''}>${header}${cells}</tr>`;
  });
  const notes = t.notes.length ? html`<p class="note">${t.notes.join(' ')}</p>` : '';
  const table = html`<table><caption>${t.caption}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
  return html`<div class="table-wrap" id="${`table-${t.id}`}">${table}</div>${notes}`;
}

/** More value columns than this do not fit a 375 px phone; such tables are stacked in the email. */
export const EMAIL_MAX_COLUMNS = 3;

/** A share's 95% interval under it, in an email table. */
function emailInterval(cell: DisplayCell): Html | '' {
  return cell.kind === 'rate' && cell.interval ? html`<br><span style="${EMAIL.ci}">${cell.interval}</span>` : '';
}

function emailTable(t: TableModel): Html {
  return t.columns.length > EMAIL_MAX_COLUMNS ? emailStackedTable(t) : emailWideTable(t);
}

/**
 * One row group per row of the model: its header spans the table (`scope="rowgroup"`), then one
 * "column label | value" row each. Still a real table, and it reads on a phone in every mail client
 * (media-query tricks that reflow a wide table are not supported everywhere).
 */
function emailStackedTable(t: TableModel): Html {
  const groups = t.rows.map((r) => {
    const bold = r.isTotal ? EMAIL.total : '';
    const header = html`<tr><th scope="rowgroup" colspan="2" style="${EMAIL.groupTh}">${t.rowHeaderLabel}: ${r.header}</th></tr>`;
    const rows = r.cells.map((cell, i) => {
      const label = html`<th scope="row" style="${EMAIL.stackTh}">${t.columns[i]?.label ?? ''}</th>`;
      return html`<tr>${label}<td style="${EMAIL.tdNum + bold}">${cell.text}${emailInterval(cell)}</td></tr>`;
    });
    return html`<tbody>${header}${rows}</tbody>`;
  });
  const notes = t.notes.length ? html`<p style="${EMAIL.note}">${t.notes.join(' ')}</p>` : '';
  const caption = html`<caption style="${EMAIL.caption}">${t.caption}</caption>`;
  return html`<table class="pp-table" role="table" style="${EMAIL.table}">${caption}${groups}</table>${notes}`;
}

function emailWideTable(t: TableModel): Html {
  const head = html`<tr><th scope="col" style="${EMAIL.th}">${t.rowHeaderLabel}</th>${t.columns.map(
    (c) => html`<th scope="col" style="${c.align === 'right' ? EMAIL.thNum : EMAIL.th}">${c.label}</th>`,
  )}</tr>`;
  const body = t.rows.map((r) => {
    const bold = r.isTotal ? EMAIL.total : '';
    return html`<tr><th scope="row" style="${EMAIL.rowTh + bold}">${r.header}</th>${r.cells.map(
      (cell, i) =>
        html`<td style="${(t.columns[i]?.align === 'right' ? EMAIL.tdNum : EMAIL.td) + bold}">${cell.text}${emailInterval(cell)}</td>`,
    )}</tr>`;
  });
  const notes = t.notes.length ? html`<p style="${EMAIL.note}">${t.notes.join(' ')}</p>` : '';
  const caption = html`<caption style="${EMAIL.caption}">${t.caption}</caption>`;
  const rows = html`<thead>${head}</thead><tbody>${body}</tbody>`;
  const table = html`<table class="pp-table" role="table" style="${EMAIL.table}">${caption}${rows}</table>`;
  return html`${table}${notes}`;
}
