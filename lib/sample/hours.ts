// Time-of-day sampling from 24 local-hour weights, unconditionally or "later today than t".
import { HOUR } from './central-time.ts';
import { Weighted, type Rng } from './random.ts';

export class HourSampler {
  private readonly w: number[];
  /** suffix[h] = sum of weights of hours h..23. */
  private readonly suffix: number[];
  private readonly dist: Weighted;

  constructor(weights: readonly number[]) {
    if (weights.length !== 24) throw new Error('HourSampler needs 24 weights');
    this.w = [...weights];
    this.suffix = new Array<number>(25).fill(0);
    for (let h = 23; h >= 0; h--) this.suffix[h] = (this.suffix[h + 1] as number) + (this.w[h] as number);
    this.dist = new Weighted(weights);
  }

  /** A time of day in ms since local midnight. */
  any(rng: Rng): number {
    return this.dist.pick(rng) * HOUR + rng.float() * HOUR;
  }

  /**
   * A time of day strictly after `tod` on the same day, drawn from the remaining weight, with probability
   * (remaining weight / day's weight); otherwise -1 (too little of the day is left: move to another day).
   */
  after(rng: Rng, tod: number): number {
    const h0 = Math.floor(tod / HOUR);
    if (h0 > 23) return -1;
    const w0 = this.w[h0] as number;
    const frac = 1 - (tod - h0 * HOUR) / HOUR;
    const remaining = w0 * frac + (this.suffix[h0 + 1] as number);
    const total = this.suffix[0] as number;
    const x = rng.float() * total;
    if (x >= remaining) return -1;
    // x is uniform in [0, remaining): walk it through the rest of hour h0, then the later hours.
    const first = w0 * frac;
    if (x < first) return tod + (x / w0) * HOUR;
    let rest = x - first;
    for (let h = h0 + 1; h < 24; h++) {
      const wh = this.w[h] as number;
      if (rest < wh) return h * HOUR + (rest / wh) * HOUR;
      rest -= wh;
    }
    return 23 * HOUR + rng.float() * HOUR;
  }

  /** A time of day strictly before `tod`, drawn from the weight before it; -1 if there is none. */
  before(rng: Rng, tod: number): number {
    const h0 = Math.min(23, Math.floor(tod / HOUR));
    const frac = (tod - h0 * HOUR) / HOUR;
    const w0 = this.w[h0] as number;
    const total = (this.suffix[0] as number) - (this.suffix[h0] as number) + w0 * frac;
    if (!(total > 0)) return -1;
    let x = rng.float() * total;
    for (let h = 0; h < h0; h++) {
      const wh = this.w[h] as number;
      if (x < wh) return h * HOUR + (x / wh) * HOUR;
      x -= wh;
    }
    return Math.min(tod - 1, h0 * HOUR + (x / w0) * HOUR);
  }
}
