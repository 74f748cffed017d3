// The monthly charts (trend of reply rates and volume, clinician messages by hour) from disclosed values.
import { hoursChart, trendRatesChart, trendVolumeChart, type ChartBuild } from '../charts/index.ts';
import type { DisclosedSection, DisclosedTrendPoint } from '../disclosure/index.ts';
import type { Settings } from '../settings/index.ts';
import { windowOfHour } from './common.ts';
import type { ChartModel } from './model-types.ts';

function model(id: string, title: string, b: ChartBuild): ChartModel {
  return { id, title, spec: b.spec, alt: b.alt, note: b.note, width: b.width, height: b.height };
}

export function monthlyCharts(
  who: string,
  section: DisclosedSection,
  trend: DisclosedTrendPoint[] | null,
  settings: Settings,
  /** Months outside the p-chart's 3-sigma limits, marked on the reply-rate trend. */
  unusual: string[] = [],
): { trendRates: ChartModel | null; trendVolume: ChartModel | null; hours: ChartModel | null } {
  const max = settings.disclosure.max_small_count;
  const ratesTitle = `${who}: replied within 1 and 3 days, of all patient messages`;
  const volumeTitle = `${who}: messages received and sent`;
  const hoursTitle = `${who}: clinician messages by hour of day`;
  return {
    trendRates: trend?.length
      ? model(
          'trend-rates',
          ratesTitle,
          trendRatesChart(
            trend.map((p) => ({ month: p.month, within1d: p.within1dOfAll, within3d: p.within3dOfAll })),
            { title: ratesTitle, maxSmallCount: max, unusual },
          ),
        )
      : null,
    trendVolume: trend?.length
      ? model('trend-volume', volumeTitle, trendVolumeChart(trend, { title: volumeTitle, maxSmallCount: max }))
      : null,
    hours: section.hours
      ? model(
          'hours',
          hoursTitle,
          hoursChart(section.hours, { title: hoursTitle, maxSmallCount: max, windowOfHour: windowOfHour(settings) }),
        )
      : null,
  };
}
