// A tiny reader of the SVG our chart writer makes (tests only): its elements with their attributes and, for
// text, the unescaped content; and each element's bounding box, to check that nothing leaves the viewBox.
import { textWidth } from '../../lib/charts/text-width.ts';

export interface SvgElement {
  name: string;
  attrs: Record<string, string>;
  /** A <text>'s content, unescaped. */
  text?: string;
}

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

export function parseSvg(svg: string): SvgElement[] {
  const out: SvgElement[] = [];
  const tag = /<([a-zA-Z]+)((?:\s+[a-zA-Z:-]+="[^"]*")*)\s*(\/?)>(?:([^<]*)<\/\1>)?/g;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([a-zA-Z:-]+)="([^"]*)"/g)) attrs[a[1]!] = unescapeXml(a[2]!);
    out.push({ name: m[1]!, attrs, ...(m[1] === 'text' ? { text: unescapeXml(m[4] ?? '') } : {}) });
  }
  return out;
}

export function viewBox(svg: string): { width: number; height: number } {
  const root = parseSvg(svg)[0]!;
  const [, , w, h] = root.attrs.viewBox!.split(' ').map(Number);
  return { width: w!, height: h! };
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Points of a path's M/L/H/V (absolute and relative) commands: all our writer uses, apart from Z. */
function pathPoints(d: string): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  let x = 0;
  let y = 0;
  for (const m of d.matchAll(/([MLHVmlhvZz])([^MLHVmlhvZz]*)/g)) {
    const nums = m[2]!.split(/[ ,]+/).filter(Boolean).map(Number);
    const c = m[1]!;
    if (c === 'M' || c === 'L') [x, y] = [nums[0]!, nums[1]!];
    else if (c === 'm' || c === 'l') [x, y] = [x + nums[0]!, y + nums[1]!];
    else if (c === 'H') x = nums[0]!;
    else if (c === 'h') x += nums[0]!;
    else if (c === 'V') y = nums[0]!;
    else if (c === 'v') y += nums[0]!;
    else continue;
    pts.push([x, y]);
  }
  return pts;
}

/**
 * The box an element covers. Text: its measured advance width from the anchor, from 0.8 em above the
 * baseline to 0.25 em below, turned by its rotation.
 */
export function bounds(el: SvgElement): Box | null {
  const a = (k: string) => Number(el.attrs[k] ?? 0);
  const around = (pts: Array<[number, number]>, grow = 0): Box => ({
    x0: Math.min(...pts.map((p) => p[0])) - grow,
    y0: Math.min(...pts.map((p) => p[1])) - grow,
    x1: Math.max(...pts.map((p) => p[0])) + grow,
    y1: Math.max(...pts.map((p) => p[1])) + grow,
  });
  const stroke = Number(el.attrs['stroke-width'] ?? 0) / 2;
  switch (el.name) {
    case 'rect':
      return { x0: a('x'), y0: a('y'), x1: a('x') + a('width'), y1: a('y') + a('height') };
    case 'circle':
      return around([[a('cx'), a('cy')]], a('r') + stroke);
    case 'line':
      return around([
        [a('x1'), a('y1')],
        [a('x2'), a('y2')],
      ]);
    case 'path':
      return around(pathPoints(el.attrs.d ?? ''), stroke);
    case 'text': {
      const size = a('font-size');
      const w = textWidth(el.text ?? '', size, el.attrs['font-weight'] === 'bold');
      const anchor = el.attrs['text-anchor'] ?? 'start';
      const left = anchor === 'middle' ? -w / 2 : anchor === 'end' ? -w : 0;
      const corners: Array<[number, number]> = [
        [left, -0.8 * size],
        [left + w, -0.8 * size],
        [left, 0.25 * size],
        [left + w, 0.25 * size],
      ];
      const t = /translate\(([-\d.]+),([-\d.]+)\) rotate\(([-\d.]+)\)/.exec(el.attrs.transform ?? '');
      const [tx, ty, deg] = t ? [Number(t[1]), Number(t[2]), Number(t[3])] : [a('x'), a('y'), 0];
      const r = (deg * Math.PI) / 180;
      return around(corners.map(([x, y]) => [tx + x * Math.cos(r) - y * Math.sin(r), ty + x * Math.sin(r) + y * Math.cos(r)]));
    }
    default:
      return null;
  }
}

/** Elements of a chart that reach outside its viewBox (by more than half a pixel). */
export function outside(svg: string): string[] {
  const { width, height } = viewBox(svg);
  return parseSvg(svg)
    .slice(1)
    .flatMap((el) => {
      const b = bounds(el);
      if (!b) return [];
      const out = b.x0 < -0.5 || b.y0 < -0.5 || b.x1 > width + 0.5 || b.y1 > height + 0.5;
      return out ? [`${el.name}${el.text !== undefined ? ` "${el.text}"` : ''} ${JSON.stringify(b)}`] : [];
    });
}

export const byClass = (svg: string, cls: string): SvgElement[] => parseSvg(svg).filter((e) => e.attrs.class === cls);
