// Clinician messages by local hour of day. One department: bars, shaded by the time window they fall in
// (the legend names the window; the hour axis carries the meaning too). By role (study): one line per
// role of the share of that role's messages in each hour, so small and large roles compare.
import type { CountCell } from '../disclosure/cell-types.ts';
import { frame, listing, notDrawn, type ChartBuild, type ChartOptions } from './common.ts';
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
  const rows = hours.map((c, h) => ({
    hour: hourLabel(h),
    y: c.value,
    hiddenText: c.suppressed ? c.text : null,
    window: win?.[h] ? WINDOW_LABEL[win[h]!] : 'Messages',
  }));
  const hidden = hours.filter((c) => c.suppressed).length;
  const note = notDrawn('Hours', hidden, opts.maxSmallCount);
  const order = rows.map((r) => r.hour);
  const windows = win ? (['working', 'evening', 'night'] as const).filter((w) => win.includes(w)) : [];
  const color = win
    ? {
        field: 'window',
        type: 'nominal' as const,
        title: null,
        scale: { domain: windows.map((w) => WINDOW_LABEL[w]), range: windows.map((w) => WINDOW_COLOUR[w]) },
      }
    : { value: PALETTE[0] };
  const spec: ChartBuild['spec'] = {
    ...frame(title, note, height),
    data: { values: rows },
    encoding: {
      x: {
        field: 'hour',
        type: 'ordinal',
        sort: order,
        title: 'Local hour',
        axis: { labelAngle: -90, labelExpr: 'substring(datum.label, 0, 2)' },
      },
    },
    layer: [
      {
        transform: [{ filter: 'datum.y !== null' }],
        mark: { type: 'bar', cornerRadiusTopLeft: 1, cornerRadiusTopRight: 1 },
        encoding: {
          y: { field: 'y', type: 'quantitative', title: 'Messages', axis: { format: ',d', tickMinStep: 1 } },
          color,
          tooltip: [
            { field: 'hour', type: 'ordinal' },
            { field: 'y', type: 'quantitative', format: ',d' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.hiddenText !== null' }],
        mark: { type: 'text', angle: 270, align: 'left', baseline: 'middle', dy: 0, dx: 2, fontSize: 9, color: '#444444' },
        encoding: { y: { datum: 0 }, text: { field: 'hiddenText' } },
      },
    ],
  };
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
  const rows = drawn.flatMap((r) =>
    r.hours.map((c, h) => {
      if (c.value === null) hidden++;
      return { role: r.role, hour: hourLabel(h), y: c.value === null ? null : c.value / r.total.value! };
    }),
  );
  const note = notDrawn('Hours and roles', hidden, opts.maxSmallCount);
  const order = Array.from({ length: 24 }, (_, h) => hourLabel(h));
  const spec: ChartBuild['spec'] = {
    ...frame(title, note, height),
    data: { values: rows },
    mark: { type: 'line', point: { filled: true, size: 30 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'hour',
        type: 'ordinal',
        sort: order,
        title: 'Local hour',
        axis: { labelAngle: -90, labelExpr: 'substring(datum.label, 0, 2)' },
      },
      y: { field: 'y', type: 'quantitative', title: 'Share', axis: { format: '.0%' } },
      color: { field: 'role', type: 'nominal', sort: names, title: null, scale: { domain: names, range: PALETTE.slice(0, names.length) } },
      strokeDash: {
        field: 'role',
        type: 'nominal',
        sort: names,
        title: null,
        scale: { domain: names, range: DASHES.slice(0, names.length) },
      },
      shape: { field: 'role', type: 'nominal', sort: names, title: null, scale: { domain: names, range: SHAPES.slice(0, names.length) } },
    },
  };
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
