// A chart on a page: the chart spec drawn as inline SVG (no requests, prints sharply), exposed to
// assistive technology as one image whose label states the numbers, with the numbers also one click away.
import { renderSvg } from '../../charts/index.ts';
import type { ChartModel } from '../../report/model-types.ts';
import { html, trusted, type Html } from '../html.ts';

export async function chartFigure(chart: ChartModel | null, namespace: string): Promise<Html> {
  if (!chart) return html``;
  const svg = namespaceSvgIds(renderSvg(chart.spec), `${namespace}-${chart.id}`);
  // Never wider than drawn: scaling a chart up only makes its text oversized.
  const width = Number(/<svg\b[^>]*\bwidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? chart.width);
  // The chart draws its own title; the heading is for navigation and screen readers only.
  return html`<figure class="chart" data-chart="${chart.id}" id="${`chart-${chart.id}`}">
<h3 class="visually-hidden">${chart.title}</h3>
<div class="chart-box" role="img" aria-label="${chart.alt}" style="${`max-width:${width}px`}">${trusted(svg)}</div>
<figcaption>${chart.note ? html`${chart.note} ` : ''}<details><summary>The numbers</summary><p>${chart.alt}</p></details></figcaption>
</figure>`;
}

/**
 * Several SVGs inlined in one document share one id space: a chart that names a clip path or a
 * gradient ("clip1") in every chart would have the second chart clip with the first one's path. Our
 * writer uses no ids today; prefixing every id and every reference keeps that safe if one is added.
 */
export function namespaceSvgIds(svg: string, prefix: string): string {
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${safe}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${safe}-${id})`)
    .replace(/\b(xlink:href|href)="#([^"]+)"/g, (_m, attr: string, id: string) => `${attr}="#${safe}-${id}"`);
}
