// The results fixtures, loaded fresh for each caller (tests may mutate their copy).
import { readFileSync } from 'node:fs';
import type { MonthlyResult, StudyResult } from '../../lib/results/types.ts';
import { resolveSettings } from '../../lib/settings/index.ts';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/results/${name}`, import.meta.url), 'utf8'));
export const loadMonthly = (): MonthlyResult => read('monthly.json') as MonthlyResult;
export const loadStudy = (): StudyResult => read('study.json') as StudyResult;

/** Every string and key in a value, for scans (e.g. for patient ids). */
export function walk(value: unknown, visit: (key: string | null, v: unknown) => void, key: string | null = null): void {
  visit(key, value);
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, visit, k);
}

/** Settings whose department and organisation rules hide every small count, as the public rule does. */
export const STRICT_SETTINGS = resolveSettings({
  disclosure: {
    audiences: {
      department: { hide: ['patients', 'messages', 'clinicians', 'threads', 'rows'], complementary: true },
      organisation: { hide: ['patients', 'messages', 'clinicians', 'threads', 'rows'], complementary: true },
    },
  },
});

/** The fixture month as a preliminary one: data cut at 3 July 2017, 09:05 Chicago, less than 72 h after June. */
export const loadPreliminaryMonthly = (): MonthlyResult => ({
  ...loadMonthly(),
  preliminary: true,
  data_cutoff: '2017-07-03T14:05:00.000Z',
});
