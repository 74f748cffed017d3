// allLimited: a run's independent queries go out together, never more than the setting at once.
import { describe, expect, it } from 'vitest';
import { allLimited } from '../../lib/analysis/concurrent.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('allLimited', () => {
  it('keeps at most `limit` tasks in flight and the results in order', async () => {
    let inFlight = 0;
    let most = 0;
    const task = (v: number) => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await tick();
      inFlight--;
      return v;
    };
    expect(await allLimited(3, [1, 2, 3, 4, 5, 6, 7].map(task))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
    most = 0;
    await allLimited(1, [1, 2, 3].map(task));
    expect(most).toBe(1);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const tasks = [0, 1, 2, 3].map((i) => async () => {
      started.push(i);
      await tick();
      if (i === 0) throw new Error('query 0 failed');
      return i;
    });
    await expect(allLimited(1, tasks)).rejects.toThrow('query 0 failed');
    expect(started).toEqual([0]);
  });
});
