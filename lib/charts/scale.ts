// The y axis's linear scale as d3 makes it (Vega uses d3-scale): the domain widened to whole tick steps of
// 1, 2 or 5 x 10^k ("nice"), ticks at such steps, and their labels in one of the three formats we use.
import type { NumberFormat } from './spec.ts';

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

/**
 * d3's tickIncrement: a step of 1, 2 or 5 x 10^k giving about `count` ticks over [start, stop]; a positive
 * number is the step itself, a negative one -n means a step of 1/n (exact for decimal steps: 0.1 is -10).
 */
export function tickIncrement(start: number, stop: number, count: number): number {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  return power >= 0 ? factor * 10 ** power : -(10 ** -power) / factor;
}

/** [start, stop] widened to whole steps of about `count` ticks, as d3's linear.nice(count) does. */
export function niceDomain(start: number, stop: number, count = 10): [number, number] {
  let previous: number | undefined;
  for (let i = 0; i < 10 && stop > start; i++) {
    const step = tickIncrement(start, stop, count);
    if (step === previous || !Number.isFinite(step)) break;
    if (step > 0) {
      start = Math.floor(start / step) * step;
      stop = Math.ceil(stop / step) * step;
    } else if (step < 0) {
      start = Math.ceil(start * step) / step;
      stop = Math.floor(stop * step) / step;
    } else break;
    previous = step;
  }
  return [start, stop];
}

/** About `count` tick values in [start, stop], no closer than `minStep` (1 for counts: no "0.5 messages"). */
export function ticks(start: number, stop: number, count: number, minStep = 0): { values: number[]; step: number } {
  if (!(stop > start) || count <= 0) return { values: [start], step: 1 };
  let inc = tickIncrement(start, stop, count);
  if (inc < 0 && -1 / inc < minStep) inc = Math.ceil(minStep);
  else if (inc > 0 && inc < minStep) inc = Math.ceil(minStep);
  const values: number[] = [];
  if (inc > 0) for (let i = Math.ceil(start / inc); i <= Math.floor(stop / inc); i++) values.push(i * inc);
  else for (let i = Math.ceil(start * -inc); i <= Math.floor(stop * -inc); i++) values.push(i / -inc);
  return { values, step: inc > 0 ? inc : -1 / inc };
}

/** "1,234,567" (d3's ',d'; no negative numbers are drawn). */
function grouped(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  const out = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `−${out}` : out;
}

const SI = ['', 'k', 'M', 'G', 'T'];

/** The labels of `values` (spaced `step` apart): one prefix for all of them in 'si', as Vega's axis does. */
export function formatTicks(values: number[], step: number, format: NumberFormat): string[] {
  if (format === 'percent') {
    // Enough decimals that neighbouring ticks differ (a step of 0.5% writes 0.5%, 1.0%, ...).
    const decimals = Math.max(0, Math.ceil(-Math.log10(step * 100) - 1e-9));
    return values.map((v) => `${(v * 100).toFixed(decimals)}%`);
  }
  if (format === 'integer') return values.map(grouped);
  const max = Math.max(...values.map(Math.abs));
  const k = max >= 1000 ? Math.min(SI.length - 1, Math.floor(Math.log10(max) / 3)) : 0;
  return values.map((v) => (v === 0 ? '0' : `${Number((v / 1000 ** k).toPrecision(12))}${SI[k]}`));
}
