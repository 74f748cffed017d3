import { beforeAll, describe, expect, it } from 'vitest';
import { renderIndexPage, renderOrganisationPage, renderStudyPage, sortIndexEntries, type IndexEntry } from '../../lib/render/index.ts';
import { namespaceSvgIds } from '../../lib/render/pages/chart.ts';
import { buildOrganisationReport, buildStudyReport } from '../../lib/report/index.ts';
import type { OrganisationReportModel, StudyReportModel, TableModel } from '../../lib/report/model-types.ts';
import { NASTY_ID, SETTINGS_WITH_LINK, loadMonthly, loadPreliminaryMonthly, loadStudy } from './fixtures.ts';

let org: OrganisationReportModel;
let study: StudyReportModel;
let orgHtml: string;
let studyHtml: string;

beforeAll(async () => {
  org = buildOrganisationReport(loadMonthly(), SETTINGS_WITH_LINK);
  study = buildStudyReport(loadStudy(), SETTINGS_WITH_LINK);
  orgHtml = await renderOrganisationPage(org, { generatedAt: '2017-07-01T06:00:00.000Z' });
  studyHtml = await renderStudyPage(study, { generatedAt: '2018-01-02T06:00:00.000Z' });
});

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function expectSelfContained(html: string): void {
  expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
  expect(html).not.toMatch(/<link\b/i);
  expect(html).not.toMatch(/<script\b/i);
  expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
  expect(html).not.toMatch(/@import|url\(["']?https?:/i);
  expect(html).toContain('@media print');
}

function expectTableSemantics(html: string): void {
  const tables = html.match(/<table\b/g) ?? [];
  expect(tables.length).toBeGreaterThan(0);
  expect((html.match(/<caption>/g) ?? []).length).toBe(tables.length);
  for (const th of html.match(/<th\b[^>]*>/g) ?? []) expect(th).toMatch(/scope="(col|row)"/);
}

function expectTablePrinted(html: string, t: TableModel): void {
  expect(html).toContain(`<caption>${esc(t.caption)}</caption>`);
  for (const r of t.rows) {
    expect(html).toContain(esc(r.header));
    for (const c of r.cells) expect(html).toContain(esc(c.text));
  }
}

describe('renderOrganisationPage', () => {
  it('is self-contained, printable and uses real tables', () => {
    expectSelfContained(orgHtml);
    expectTableSemantics(orgHtml);
  });

  it('prints every headline, department and per-clinician cell of the model, escaped', () => {
    for (const f of org.headlines) expect(orgHtml).toContain(esc(f.value.text));
    expectTablePrinted(orgHtml, org.departments);
    expectTablePrinted(orgHtml, org.perClinician);
    const nasty = loadMonthly().departments[NASTY_ID]!.name!;
    expect(orgHtml).not.toContain(nasty);
    expect(orgHtml).toContain(esc(nasty));
  });

  it('inlines each chart as SVG with its numbers as the accessible label, ids unique on the page', () => {
    const charts = [org.charts.trendRates, org.charts.trendVolume, org.charts.hours].filter((c) => c !== null);
    expect((orgHtml.match(/<svg\b/g) ?? []).length).toBe(charts.length);
    for (const c of charts) expect(orgHtml).toContain(`aria-label="${esc(c.alt)}"`);
    const ids = [...orgHtml.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('records what the index needs in meta tags', () => {
    expect(orgHtml).toContain('<meta name="portal-pulse:kind" content="organisation">');
    expect(orgHtml).toContain(`<meta name="portal-pulse:period" content="${org.month}">`);
    expect(orgHtml).toContain('<meta name="portal-pulse:generated-at" content="2017-07-01T06:00:00.000Z">');
  });
});

describe('renderStudyPage', () => {
  it('is self-contained, printable and uses real tables', () => {
    expectSelfContained(studyHtml);
    expectTableSemantics(studyHtml);
  });

  it('puts each headline beside the published figure', () => {
    expect(study.headlines.length).toBeGreaterThan(0);
    for (const h of study.headlines) {
      const row = new RegExp(
        `<tr><th scope="row">${escRe(esc(h.label))}</th><td>[^]*?${escRe(esc(h.ours.text))}[^]*?</td><td ` +
          `class="reference">${escRe(esc(h.published.text))}</td>`,
      );
      expect(studyHtml).toMatch(row);
    }
  });

  it('prints the whole figure set', () => {
    const tables = [...study.sections.flatMap((s) => s.tables), study.methods.dataQuality];
    expect(tables.length).toBeGreaterThan(15);
    for (const t of tables) expectTablePrinted(studyHtml, t);
    for (const s of study.methods.settings) expect(studyHtml).toContain(esc(s.key));
  });
});

describe('renderIndexPage', () => {
  const entries: IndexEntry[] = [
    {
      kind: 'organisation',
      title: 'Organisation report, May 2017',
      href: 'pages/organisation-2017-05.html',
      period: '2017-05',
      generatedAt: '2017-08-01T00:00:00Z',
    },
    {
      kind: 'study',
      title: 'Study <2015> & "after"',
      href: 'pages/study-2015-01_2017-12.html',
      period: '2015-01_2017-12',
      generatedAt: '2018-01-02T00:00:00Z',
    },
    {
      kind: 'organisation',
      title: 'Organisation report, June 2017',
      href: 'pages/organisation-2017-06.html',
      period: '2017-06',
      generatedAt: '2017-07-01T00:00:00Z',
    },
  ];

  it('lists newest first by the last month covered, then by production time', () => {
    expect(sortIndexEntries(entries).map((e) => e.period)).toEqual(['2015-01_2017-12', '2017-06', '2017-05']);
  });

  it('links each report and escapes titles', () => {
    const html = renderIndexPage(entries);
    expectSelfContained(html);
    expect([...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'pages/study-2015-01_2017-12.html',
      'pages/organisation-2017-06.html',
      'pages/organisation-2017-05.html',
    ]);
    expect(html).toContain('Study &lt;2015&gt; &amp; &quot;after&quot;');
  });

  it('says how to make a report when there is none', () => {
    expect(renderIndexPage([])).toContain('No reports have been produced yet');
  });
});

describe('namespaceSvgIds', () => {
  it('prefixes ids and every reference to them', () => {
    const svg =
      '<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"><use href="#clip1"/><use xlink:href="#clip1"/></g></svg>';
    expect(namespaceSvgIds(svg, 'org 2017')).toBe(
      '<svg><clipPath id="org_2017-clip1"><rect/></clipPath><g clip-path="url(#org_2017-clip1)"><use href="#org_2017-clip1"/><use ' +
        'xlink:href="#org_2017-clip1"/></g></svg>',
    );
  });
});

function escRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('a preliminary month on the organisation page', () => {
  it('says so with the cut-off in the page header, above the title; a complete month has no banner', async () => {
    const prelim = buildOrganisationReport(loadPreliminaryMonthly(), SETTINGS_WITH_LINK);
    const page = await renderOrganisationPage(prelim);
    const main = page.slice(page.indexOf('<main'));
    expect(main).toMatch(
      /^<main[^>]*>\s*<p class="preliminary" role="note"><strong>Preliminary: data up to 3 July 2017, 09:05 \(America\/Chicago\)/,
    );
    expect(main.indexOf('class="preliminary"')).toBeLessThan(main.indexOf('<h1>'));
    expect(prelim.title).toBe('Patient messaging, organisation report, June 2017 (preliminary)');
    expect(loadMonthly().preliminary).toBe(false);
    expect(orgHtml).not.toContain('class="preliminary"');
    expect(org.title).toBe('Patient messaging, organisation report, June 2017');
  });
});

describe('intervals in page tables', () => {
  it('every shown share in the department table carries its 95% interval under it', () => {
    const t = org.departments;
    const rates = t.rows.flatMap((r) => r.cells).filter((c) => c.kind === 'rate' && !c.suppressed && c.interval);
    expect(rates.length).toBeGreaterThan(10);
    // Family Medicine, within 1 day of all: 1,277/1,693, Wilson 73.3-77.4%.
    expect(orgHtml).toContain('75.4% (1,277/1,693)<br><span class="ci" title="95% interval">73.3\u201377.4%</span>');
    for (const c of rates) if (c.kind === 'rate') expect(orgHtml).toContain(`<span class="ci" title="95% interval">${c.interval}</span>`);
  });
});

describe('the page footer states the rule its figures follow', () => {
  const footerOf = (page: string): string => /<footer[^>]*>([\s\S]*?)<\/footer>/.exec(page)?.[1] ?? '';

  it('the organisation page: distinct patients hidden, the other counts exact; no claim that every small count is', () => {
    const f = footerOf(orgHtml);
    expect(f).toContain('counts of distinct patients from 1 to 10 are shown as &lt;11');
    expect(f).toContain('counts of messages, clinicians, threads and rows loaded are exact');
    expect(f).not.toMatch(/small counts are suppressed/i);
  });

  it('a public study: every kind of count hidden, with complementary suppression', async () => {
    const page = await renderStudyPage(buildStudyReport(loadStudy(), SETTINGS_WITH_LINK, { audience: 'public' }));
    const f = footerOf(page);
    expect(f).toContain('counts of distinct patients, messages, clinicians, threads and rows loaded from 1 to 10 are shown as &lt;11');
    expect(f).toContain('other cells are hidden (—)');
    expect(f).not.toContain('are exact');
  });

  it('the index, which shows no figures, makes no claim about counts', () => {
    expect(footerOf(renderIndexPage([])).trim()).toBe('<p>Produced by portal-pulse.</p>');
  });
});
