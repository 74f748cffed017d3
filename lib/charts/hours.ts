// Clinician messages by local hour of day. One department: bars, shaded by the time window they fall in
// (the legend names the window; the hour axis carries the meaning too). By role (study): one line per
// role of the share of that role's messages in each hour, so small and large roles compare.
import type { CountCell } from '../disclosure/cell-types.ts';
import { baseSpec, listing, notDrawn, type ChartBuild, type ChartOptions } from './common.ts';
import { DASHES, PALETTE, SHAPES } from './palette.ts';

type Count = Pick<CountCell, 'value' | 'text' | 'suppressed'>;

export type WindowName = 'working' | 'evening' | 'night';
const WINDOW_LABEL: Record<WindowName, string> = { working: 'Working hours', evening: 'Evening', night: 'Night' };
const WINDOW_COLOUR: Record<WindowName, string> = { working: PALETTE[0], evening: PALETTE[1], night: PALETTE[6] };

export interface HoursChartOptions extends ChartOptions {
  /** The window each hour 0..23 belongs to (settings windows); without it, bars are one colour. */
  windowOfHour?: Array<WindowName | null>;
}

const hourLabel = (h: number): string => `${String(h).padStart(2, '0')}:00`;

/** Clinician messages by hour 0..23: hidden hours are not drawn; their slot shows the hidden text. */
export function hoursChart(hours: Count[], opts: HoursChartOptions = {}): ChartBuild {
  if (hours.length !== 24) throw new Error(`hoursChart: expected 24 hourly values, got ${hours.length}`);
  const title = opts.title ?? 'Clinician messages by hour of day';
  const height = opts.height ?? 320;
  const win = opts.windowOfHour;
  const hidden = hours.filter((c) => c.suppressed).length;
  const note = notDrawn('Hours', hidden, opts.maxSmallCount);
  const colourOf = (h: number): string => (win?.[h] ? WINDOW_COLOUR[win[h]!] : PALETTE[0]);
  const spec = baseSpec('bar', title, note, height);
  spec.x = { title: 'Local hour', labels: hours.map((_, h) => hourLabel(h).slice(0, 2)), labelAngle: -90 };
  spec.y = { title: 'Messages', format: 'integer', domain: null };
  for (const [h, c] of hours.entries()) {
    if (c.value !== null) spec.bars.push({ x: h, y0: 0, y1: c.value, color: colourOf(h) });
    // The hidden slot carries the hidden text instead of a bar.
    else if (c.suppressed) spec.labels.push({ x: h, y: 0, text: c.text, vertical: true });
  }
  // The legend names the windows drawn (the hour axis carries the meaning too); without windows, none.
  const windows = win ? (['working', 'evening', 'night'] as const).filter((w) => win.includes(w)) : [];
  spec.legend.entries = windows.map((w) => ({ label: WINDOW_LABEL[w], color: WINDOW_COLOUR[w], symbol: 'square' }));
  const total = hours.every((c) => c.value !== null) ? hours.reduce((a, c) => a + (c.value ?? 0), 0) : null;
  const peak = hours.reduce<{ h: number; v: number } | null>(
    (best, c, h) => (c.value !== null && c.value > 0 && (!best || c.value > best.v) ? { h, v: c.value } : best),
    null,
  );
  const alt =
    `Bar chart: ${title}, local time. ` +
    hours.map((c, h) => `${hourLabel(h)} ${c.text}`).join('; ') +
    '.' +
    (peak ? ` Busiest hour: ${hourLabel(peak.h)} (${peak.v.toLocaleString('en-US')}).` : '') +
    (total !== null ? ` Total ${total.toLocaleString('en-US')}.` : '') +
    (note ? ` ${note}` : '');
  return { spec, alt, note, width: 560, height };
}

export interface RoleHours {
  /** "Physician". */
  role: string;
  hours: Count[];
  /** The role's total messages (the shares' denominator), disclosed. */
  total: Count;
}

/** By role: the share of each role's clinician messages sent in each hour (roles with a hidden total are left out). */
export function hoursByRoleChart(roles: RoleHours[], opts: ChartOptions = {}): ChartBuild {
  const title = opts.title ?? "Share of each role's messages by hour of day";
  const height = opts.height ?? 360;
  const drawn = roles.filter((r) => r.total.value !== null && r.total.value > 0);
  const names = drawn.map((r) => r.role);
  let hidden = roles.length - drawn.length;
  const shares = drawn.map((r) =>
    r.hours.map((c) => {
      if (c.value === null) hidden++;
      return c.value === null ? null : c.value / r.total.value!;
    }),
  );
  const note = notDrawn('Hours and roles', hidden, opts.maxSmallCount);
  const spec = baseSpec('line', title, note, height);
  spec.x = { title: 'Local hour', labels: Array.from({ length: 24 }, (_, h) => hourLabel(h).slice(0, 2)), labelAngle: -90 };
  spec.y = { title: 'Share', format: 'percent', domain: null };
  spec.pointSize = 30;
  spec.series = names.map((name, i) => ({
    name,
    color: PALETTE[i % PALETTE.length]!,
    dash: DASHES[i % DASHES.length]!,
    shape: SHAPES[i % SHAPES.length]!,
    values: shares[i]!,
  }));
  spec.legend.entries = spec.series.map((s) => ({ label: s.name, color: s.color, symbol: 'line', dash: s.dash, shape: s.shape }));
  const describeRole = (r: RoleHours): string => {
    if (r.total.value === null || r.total.value === 0) return `${r.role}: ${r.total.text} messages, not drawn`;
    const shown = r.hours.map((c, h) => ({ h, v: c.value })).filter((x): x is { h: number; v: number } => x.v !== null);
    const top = [...shown]
      .sort((a, b) => b.v - a.v)
      .slice(0, 3)
      .map((x) => `${hourLabel(x.h)} ${((100 * x.v) / r.total.value!).toFixed(1)}%`);
    const byHour = r.hours.map((c, h) => `${h}h ${c.text}`).join(', ');
    return `${r.role}: ${r.total.text} messages; busiest hours ${listing(top)}; by hour ${byHour}`;
  };
  const alt = `Line chart: ${title}, local time. ${roles.map(describeRole).join('. ')}.${note ? ` ${note}` : ''}`;
  return { spec, alt, note, width: 560, height };
}
