// Charts: plain chart specs (spec.ts) built from disclosed report values (a hidden value is never drawn, and the chart
// says so), drawn as SVG by our own writer (pages) and PNG (email, with the bundled font).
export { renderSvg, renderPng, svgToPng, chartFontFiles, CHART_FONT, type ChartSpec, type PngOptions } from './render.ts';
export type { BarMark, LegendEntry, LineSeries, NumberFormat, PointShape, ValueLabel } from './spec.ts';
export { PALETTE, EMAIL_WIDTH } from './palette.ts';
export type { ChartBuild, ChartOptions, ChartValue } from './common.ts';
export { trendRatesChart, trendVolumeChart, type TrendRatesPoint, type TrendVolumePoint } from './trend.ts';
export { hoursChart, hoursByRoleChart, type HoursChartOptions, type RoleHours, type WindowName } from './hours.ts';
export { delayHistogramChart, roundsChart, yearlyVolumeChart, type Bar, type YearVolume } from './bars.ts';
