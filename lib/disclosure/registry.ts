// The declarative registry of measures: the one vocabulary disclosure speaks. Each entry says what a count
// is (its id), how it is read from a result, what it counts (so which audiences' rules hide it when small,
// settings.disclosure.audiences), and which totals it adds up to: inside one section (categories to
// clinician messages), and across sections (departments to the organisation, years to the range). The
// suppression plan is built from the entries, and so are the display cells (a figure names the counts it
// shows or rests on), so adding a figure is one entry in a registry (lib/disclosure/monthly-measures.ts,
// study-measures.ts).
import type { CountCell, NumberCell, RateCell } from './cell-types.ts';
import type { Settings } from '../settings/index.ts';
import { countCell, missingCount, numberCell, rateCell } from './cells.ts';
import type { AdditiveGroup, Reason } from './plan.ts';
import type { CountKind, DisclosurePolicy } from './policy.ts';

/** A total this count is one part of; parts sharing `total` and `as` form one additive group. */
export interface PartOf {
  total: string;
  /** Names the partition: "category", "hour", "outcome"; "same" marks one number shown twice. */
  as: string;
}

interface MeasureBase {
  /** The id of the count, or of a family's counts as `<id>:<key>`. */
  id: string;
  counts: CountKind;
  /** Sections of this kind add up to a whole (departments to the organisation): this count does too. */
  additive: boolean;
  /** Shown in the shared table of sections (the organisation page's department rows). */
  shared?: boolean;
}

/** One count per section. */
export interface CountMeasure<S> extends MeasureBase {
  kind: 'count';
  /** Undefined when the result does not carry it (the count then does not exist). */
  read: (s: S) => number | undefined;
  partOf?: (settings: Settings) => PartOf[];
}

/** A family of counts keyed by a category, an hour, a year: `<id>:<key>`. */
export interface FamilyMeasure<S> extends MeasureBase {
  kind: 'family';
  read: (s: S) => Record<string, number> | undefined;
  partOf?: (key: string, settings: Settings) => PartOf[];
}

export type Measure<S> = CountMeasure<S> | FamilyMeasure<S>;

export const memberId = (family: string, key: string | number): string => `${family}:${key}`;

export interface CollectedCell {
  value: number;
  counts: CountKind;
  additive: boolean;
  shared: boolean;
}

/** Every count of one section under the registry, and the additive groups inside it. */
export interface Collected {
  cells: Map<string, CollectedCell>;
  groups: AdditiveGroup[];
}

export function collect<S>(registry: readonly Measure<S>[], section: S, settings: Settings): Collected {
  const cells = new Map<string, CollectedCell>();
  const parts = new Map<string, { total: string; parts: string[] }>();
  const addPart = (id: string, p: PartOf): void => {
    const key = `${p.total}\u0000${p.as}`;
    let g = parts.get(key);
    if (!g) parts.set(key, (g = { total: p.total, parts: [] }));
    g.parts.push(id);
  };
  for (const m of registry) {
    const base = { counts: m.counts, additive: m.additive, shared: m.shared ?? false };
    if (m.kind === 'count') {
      const v = m.read(section);
      if (v === undefined) continue;
      cells.set(m.id, { value: v, ...base });
      for (const p of m.partOf?.(settings) ?? []) addPart(m.id, p);
    } else {
      const vs = m.read(section);
      if (!vs) continue;
      for (const [k, v] of Object.entries(vs)) {
        const id = memberId(m.id, k);
        cells.set(id, { value: v, ...base });
        for (const p of m.partOf?.(k, settings) ?? []) addPart(id, p);
      }
    }
  }
  return { cells, groups: [...parts.values()] };
}

/** Reads disclosed cells of one section by registry id: the plan decides, the cell constructors format. */
export class SectionCells {
  private readonly collected: Collected;
  private readonly hidden: ReadonlyMap<string, Reason>;
  private readonly policy: DisclosurePolicy;
  private readonly prefix: (id: string) => string;
  constructor(
    collected: Collected,
    hidden: ReadonlyMap<string, Reason>,
    policy: DisclosurePolicy,
    prefix: (id: string) => string = (id) => id,
  ) {
    this.collected = collected;
    this.hidden = hidden;
    this.policy = policy;
    this.prefix = prefix;
  }

  has(id: string): boolean {
    return this.collected.cells.has(id);
  }

  count(id: string): CountCell {
    const c = this.collected.cells.get(id);
    if (!c) return missingCount();
    return countCell(c.value, this.policy, this.hidden.get(this.prefix(id)) ?? null, c.counts);
  }

  rate(n: string, N: string): RateCell {
    return rateCell(this.count(n), this.count(N));
  }

  /** A number resting on counts: hidden with any of them. */
  number(value: number | null | undefined, unit: NumberCell['unit'], restsOn: string[]): NumberCell {
    return numberCell(
      value ?? null,
      unit,
      restsOn.map((id) => this.count(id)),
    );
  }

  /** The keys of a family present in this section. */
  keys(family: string): string[] {
    const p = `${family}:`;
    return [...this.collected.cells.keys()].filter((id) => id.startsWith(p)).map((id) => id.slice(p.length));
  }
}
