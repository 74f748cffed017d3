// Small, pure statistics for reading small numbers honestly: intervals, tests for a change, p-charts.
export { wilson, twoProportion, twoCounts, Z95, type Interval, type Test } from './proportions.ts';
export { pChart, MIN_PCHART_MONTHS, type PChart, type PChartMonth, type PChartPoint } from './p-chart.ts';
