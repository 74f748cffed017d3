// The monthly headline figures (department and organisation), each one row: the value, its interval and
// marks, and at most one short line per comparison (last month, the same month last year, peers or the
// share of the organisation). Never the department against the organisation's total (metrics.md, "Fair
// comparisons").
import type { DisclosedSection } from '../disclosure/index.ts';
import { formatOneDecimal } from '../disclosure/index.ts';
import type { Settings } from '../settings/index.ts';
import { comparison, type Better } from './change.ts';
import { fewText, intervalText } from './honest.ts';
import type { Peers } from './peers.ts';
import { peerComparison } from './peers.ts';
import type { ComparisonKind, ComparisonModel, DepartmentHeadlineKey, DisplayCell, HeadlineFigure } from './model-types.ts';

export interface Reference {
  against: ComparisonKind;
  label: string;
  section: DisclosedSection | null;
}

export interface HeadlineContext {
  settings: Settings;
  /** Last month and the same month last year. */
  refs: Reference[];
  /** The department's peers (same care setting), for the reply figures; null for the organisation. */
  peers: Peers | null;
  /** The organisation's figures, for a department's share of the volume; null for the organisation itself. */
  organisation: DisclosedSection | null;
  /** Unusual-month lines by figure key (p-chart). */
  unusual: Partial<Record<DepartmentHeadlineKey, string>>;
  /** False for a preliminary month: its volumes may be partial, so they are not set beside whole months. */
  compareVolumes: boolean;
}

interface Def {
  key: DepartmentHeadlineKey;
  label: string;
  description: string;
  get: (s: DisclosedSection) => DisplayCell | null;
  better: Better;
  /** Compared with last month and last year (not for pending, which depends on the cut-off). */
  compared?: boolean;
  /** Compared with the peers' median and ranked. */
  peers?: (s: DisclosedSection) => DisplayCell | null;
  /** Given as the department's share of the organisation's. */
  share?: string;
}

function definitions(settings: Settings, hasBusinessHours: boolean): Def[] {
  const w = settings.windows;
  const r = settings.reply;
  const ofAll = 'n/N: the patient messages whose follow-up is complete, answered or unanswered';
  const bh: Def[] = hasBusinessHours
    ? [
        {
          key: 'replied_within_1bd_of_all',
          label: 'Replied within 1 business day',
          description:
            `Share of all patient messages whose follow-up is complete that were answered within ${r.within_short_hours} ` +
            `working hours (${w.working.start}-${w.working.end}, Monday to Friday, holidays excepted); ${ofAll}.`,
          get: (s) => s.businessHours?.within1dOfAll ?? null,
          peers: (s) => s.businessHours?.within1dOfAll ?? null,
          better: 'up',
        },
      ]
    : [];
  return [
    ...bh,
    {
      key: 'replied_within_1d_of_all',
      label: 'Replied within 1 day',
      description:
        'Share of all patient messages whose follow-up is complete ' + `that were answered within ${r.within_short_hours} hours; ${ofAll}.`,
      get: (s) => s.within1dOfAll,
      peers: (s) => s.within1dOfAll,
      better: 'up',
    },
    {
      key: 'reply_rate',
      label: 'Replied at all',
      description: `Share of the patient messages whose follow-up is complete that got a clinician reply (the reply rate).`,
      get: (s) => s.replyRate,
      peers: (s) => s.replyRate,
      better: 'up',
    },
    {
      key: 'unanswered',
      label: 'Unanswered',
      description: `Patient messages with no reply after ${r.follow_up_hours} hours, as a share of those whose follow-up is complete.`,
      get: (s) => s.unansweredShare,
      better: 'down',
    },
    {
      key: 'replied_within_3d_of_all',
      label: 'Replied within 3 days',
      description:
        'Share of all patient messages whose follow-up is complete ' + `that were answered within ${r.within_long_hours} hours; ${ofAll}.`,
      get: (s) => s.within3dOfAll,
      better: 'up',
    },
    {
      key: 'messages_received',
      label: 'Patient messages received',
      description: 'Messages sent by patients and their proxies this month.',
      get: (s) => s.received,
      better: 'neutral',
      share: 'patient messages',
    },
    {
      key: 'messages_sent',
      label: 'Clinician messages sent',
      description: 'Messages sent by clinicians this month.',
      get: (s) => s.sent,
      better: 'neutral',
      share: 'clinician messages',
    },
    {
      key: 'median_reply_hours',
      label: 'Median time to reply',
      description: 'Half of the answered patient messages were replied to within this time.',
      get: (s) => s.medianHours,
      better: 'down',
    },
    {
      key: 'pending',
      label: 'Pending',
      description:
        `Patient messages with no reply yet, less than ${r.follow_up_hours} hours before the data cut-off: they count in no ` +
        `share above.`,
      get: (s) => s.pending,
      better: 'neutral',
      compared: false,
    },
    {
      key: 'after_hours_evening',
      label: `Clinician messages in the evening (${w.evening.start}-${w.evening.end})`,
      description: 'Share of clinician messages sent in the evening window, local time.',
      get: (s) => s.evening,
      better: 'neutral',
    },
    {
      key: 'after_hours_night',
      label: `Clinician messages at night (${w.night.start}-${w.night.end})`,
      description: 'Share of clinician messages sent in the night window, local time.',
      get: (s) => s.night,
      better: 'neutral',
    },
    {
      key: 'after_hours_weekend',
      label: 'Clinician messages at the weekend',
      description: 'Share of clinician messages sent on a Saturday or Sunday, local time.',
      get: (s) => s.weekend,
      better: 'neutral',
    },
    {
      key: 'threads_within_rounds',
      label: `Threads within ${settings.threads.max_rounds} rounds`,
      description: `Share of conversations started this month that took at most ${settings.threads.max_rounds} back-and-forth rounds.`,
      get: (s) => s.threadsWithin,
      better: 'neutral',
    },
  ];
}

/** "42.8% of the organisation's 4,009 patient messages." */
function shareOf(value: DisplayCell, org: DisplayCell | undefined, what: string): ComparisonModel | null {
  if (
    !org ||
    value.kind !== 'count' ||
    org.kind !== 'count' ||
    value.value === null ||
    org.value === null ||
    org.value === 0 ||
    value.suppressed ||
    org.suppressed
  )
    return null;
  const share = `${formatOneDecimal((100 * value.value) / org.value)}%`;
  return {
    against: 'organisation',
    label: 'Organisation',
    value: org,
    change: {
      text: share,
      direction: null,
      word: 'share',
      assessment: null,
      sentence: `${share} of the organisation\u2019s ${org.text} ${what}.`,
    },
  };
}

function figure(d: Def, current: DisclosedSection, ctx: HeadlineContext): HeadlineFigure | null {
  const value = d.get(current);
  if (!value) return null;
  const comparisons: ComparisonModel[] = [];
  if (d.compared !== false && (value.kind !== 'count' || ctx.compareVolumes)) {
    for (const r of ctx.refs) {
      const ref = r.section ? d.get(r.section) : null;
      const c = ref ? comparison(r.against, r.label, value, ref, d.better) : null;
      if (c) comparisons.push(c);
    }
  }
  if (d.peers && ctx.peers) {
    const c = peerComparison(ctx.peers, d.key, d.peers, d.better);
    if (c) comparisons.push(c);
  }
  if (d.share && ctx.organisation) {
    const c = shareOf(value, d.get(ctx.organisation) ?? undefined, d.share);
    if (c) comparisons.push(c);
  }
  return {
    key: d.key,
    label: d.label,
    description: d.description,
    value,
    interval: intervalText(value),
    few: fewText(value, ctx.settings.reports.few_messages),
    unusual: ctx.unusual[d.key] ?? null,
    comparisons,
  };
}

export function headlineFigures(current: DisclosedSection, ctx: HeadlineContext): HeadlineFigure[] {
  return definitions(ctx.settings, current.businessHours !== null)
    .map((d) => figure(d, current, ctx))
    .filter((f): f is HeadlineFigure => f !== null);
}
