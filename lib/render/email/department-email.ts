// The monthly department email: the compiled MJML frame filled with escaped markup built from the
// disclosed model, charts as PNG attachments referenced by `cid:` (no SVG, no data: URIs: Gmail and
// Outlook show neither), and a plain-text part with the same figures.
import type { EmailAttachment, EmailMessage } from '../../delivery/mailer.ts';
import { renderPng } from '../../charts/index.ts';
import type { ChartModel, DepartmentReportModel, HeadlineFigure } from '../../report/model-types.ts';
import type { Settings } from '../../settings/index.ts';
import { arrow, assessmentColour, assessmentWord } from '../cells.ts';
import { fillSlots, html, type Html } from '../html.ts';
import { renderTable } from '../table.ts';
import { DEPARTMENT_TEMPLATE, compiledDepartmentTemplate } from './compile.ts';
import { departmentEmailText } from './plain-text.ts';

/** Inner width of the 600 px column (24 px padding each side): charts are drawn at most this wide. */
export const EMAIL_CONTENT_WIDTH = 552;

/** The Content-ID of a chart image; chart ids are cid-safe by contract ("trend-rates", "hours"). */
export function chartCid(chart: ChartModel): string {
  return `${chart.id}@portal-pulse`;
}

const S = {
  h2: 'margin:20px 0 8px;font-size:18px;line-height:24px;font-weight:bold;color:#1a1a1a;',
  p: 'margin:0 0 10px;',
  muted: 'margin:0 0 10px;color:#444b55;font-size:13px;line-height:19px;',
  figTable: 'width:100%;border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;',
  figTh:
    'text-align:left;vertical-align:top;padding:10px 8px 10px 0;border-bottom:1px solid #d5d9e0;' +
    'font-size:14px;line-height:20px;font-weight:normal;width:38%;',
  colTh: 'text-align:left;padding:0 8px 6px 0;border-bottom:2px solid #1a1a1a;font-size:13px;line-height:18px;',
  figTd: 'text-align:left;vertical-align:top;padding:10px 0;border-bottom:1px solid #d5d9e0;',
  value: 'font-size:20px;line-height:26px;font-weight:bold;',
  interval: 'font-size:13px;line-height:19px;color:#444b55;white-space:nowrap;',
  mark: 'display:block;font-size:13px;line-height:19px;color:#1a1a1a;font-style:italic;',
  prelim: 'margin:0 0 10px;padding:8px 10px;border:2px solid #8a5a00;background:#fff6e0;',
  changed: 'margin:0 0 10px;font-weight:bold;',
  cmp: 'display:block;font-size:13px;line-height:19px;color:#444b55;',
  img: 'display:block;width:100%;max-width:552px;height:auto;border:0;outline:none;text-decoration:none;',
  link: 'color:#1f4e79;font-weight:bold;',
};

export async function renderDepartmentEmail(model: DepartmentReportModel, settings: Settings): Promise<EmailMessage> {
  const template = await compiledDepartmentTemplate();
  const charts = [model.charts.trendRates, model.charts.trendVolume, model.charts.hours].filter((c): c is ChartModel => c !== null);
  // Charts render in parallel; each PNG is drawn at twice its CSS size for high-density screens.
  const pngs = await Promise.all(charts.map((c) => renderPng(c.spec, { scale: 2 })));
  const attachments: EmailAttachment[] = charts.map((c, i) => ({
    filename: `${c.id}.png`,
    contentType: 'image/png',
    content: pngs[i] as Buffer,
    cid: chartCid(c),
  }));

  const htmlBody = fillSlots(
    template,
    {
      TITLE: model.subject,
      PREVIEW: model.summary,
      HEADING: model.department.name,
      SUBHEADING: [model.monthLabel, model.department.careSettingLabel, model.preliminary ? 'PRELIMINARY' : null]
        .filter(Boolean)
        .join(' · '),
      INTRO: intro(model),
      HEADLINES: headlineTable(model.headlines, 'Headline figures', model.monthLabel),
      CHARTS: charts.map(chartBlock),
      DETAILS: details(model),
      FOOTER: footer(model),
    },
    DEPARTMENT_TEMPLATE,
  );

  return {
    from: settings.reports.from_address,
    to: [],
    subject: model.subject,
    html: htmlBody,
    text: departmentEmailText(model),
    attachments,
    headers: {
      'X-Portal-Pulse-Month': model.month,
      'X-Portal-Pulse-Department': model.department.id,
    },
  };
}

function intro(model: DepartmentReportModel): Html {
  const link = model.organisationLink
    ? html`<p style="${S.p}"><a href="${model.organisationLink.href}" style="${S.link}">${model.organisationLink.text}</a></p>`
    : '';
  // A preliminary month says so in the first line; the summary then repeats it for the preheader only.
  const summary = model.preliminary ? model.summary.slice(model.preliminary.length).trim() : model.summary;
  const prelim = model.preliminary ? html`<p style="${S.prelim}"><strong>${model.preliminary}</strong></p>` : '';
  const changed = model.whatChanged ? html`<p style="${S.changed}">${model.whatChanged}</p>` : '';
  return html`${prelim}${changed}<p style="${S.p}">${summary}</p>${link}`;
}

/**
 * One row per figure: label | value and its interval, its marks, and one short line per comparison. Two
 * columns, so it reads on a 375 px phone without scrolling.
 */
function headlineTable(figures: HeadlineFigure[], caption: string, valueHeader: string): Html {
  const comparison = (c: HeadlineFigure['comparisons'][number]): Html => {
    const word = assessmentWord(c.change);
    const mark = arrow(c.change);
    const colour = `color:${assessmentColour(c.change)};`;
    const arrowMark = mark ? html`<span aria-hidden="true" style="${colour}">${mark}</span> ` : '';
    const wordMark = word ? html` <strong style="${colour}">(${word})</strong>` : '';
    return html`<span class="pp-cmp" style="${S.cmp}">${arrowMark}${c.change.sentence}${wordMark}</span>`;
  };
  const rows = figures.map((f) => {
    const interval = f.interval ? html` <span style="${S.interval}">${f.interval}</span>` : '';
    const few = f.few ? html`<span style="${S.mark}">${f.few}</span>` : '';
    const unusual = f.unusual ? html`<span style="${S.mark}">${f.unusual}</span>` : '';
    const value = html`<span style="${S.value}">${f.value.text}</span>${interval}${few}${unusual}`;
    const label = html`<th scope="row" style="${S.figTh}">${f.label}</th>`;
    return html`<tr>${label}<td style="${S.figTd}">${value}${f.comparisons.map(comparison)}</td></tr>`;
  });
  const captionStyle = html`text-align:left;font-weight:bold;font-size:18px;line-height:24px;padding:8px 0 8px;`;
  const captionTag = html`<caption style="${captionStyle}">${caption}</caption>`;
  const colHead = (text: string) => html`<th scope="col" style="${S.colTh}">${text}</th>`;
  const head = html`<thead><tr>${colHead('Figure')}${colHead(valueHeader)}</tr></thead>`;
  return html`<table class="pp-table" role="table" style="${S.figTable}">${captionTag}${head}<tbody>${rows}</tbody></table>`;
}

function chartBlock(chart: ChartModel): Html {
  const width = Math.min(chart.width, EMAIL_CONTENT_WIDTH);
  const src = `cid:${chartCid(chart)}`;
  const style = S.img + `max-width:${width}px;`;
  const img = html`<img src="${src}" data-chart="${chart.id}" width="${width}" alt="${chart.alt}" style="${style}">`;
  const note = chart.note ? html`<p style="${S.muted}">${chart.note}</p>` : '';
  return html`<h2 style="${S.h2}">${chart.title}</h2>${img}${note}`;
}

function details(model: DepartmentReportModel): Html {
  return html`<div style="height:8px;line-height:8px;">&#8202;</div>${renderTable(model.perClinician, 'email')}`;
}

function footer(model: DepartmentReportModel): Html {
  const notes = [...model.disclosure.notes, ...model.settingsNotes];
  const noteLines = notes.map((n) => html`<p style="margin:0 0 6px;">${n}</p>`);
  const cutoff = html`<p style="margin:0 0 6px;">Data up to ${model.dataCutoffLabel}.</p>`;
  const org = model.organisationLink;
  const orgLink = org
    ? html`<p style="margin:0 0 6px;">The whole organisation’s report: <a href="${org.href}" style="color:#1f4e79;">${org.href}</a></p>`
    : '';
  const sentBy = html`<p style="margin:0;">Sent by Portal Pulse to the department’s leads. `;
  const questions = html`Reply to your analytics team with questions.</p>`;
  return html`${noteLines}${cutoff}${orgLink}${sentBy}${questions}`;
}
