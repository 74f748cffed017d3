// The render pool (issue 13): departments drawn in worker threads come back byte for byte as the main
// thread draws them, in the order asked for, and a department that cannot be drawn fails with its id.
import { describe, expect, it } from 'vitest';
import { renderDepartmentFiles } from '../../lib/publish/department-files.ts';
import { renderDepartments, startRenderPool } from '../../lib/publish/render-pool.ts';
import { SETTINGS_WITH_LINK, loadMonthly } from '../render/fixtures.ts';

describe('renderDepartments', () => {
  const monthly = loadMonthly();
  const ids = Object.keys(monthly.departments).sort();
  // Enough tasks that a worker is started (each department twice if the fixture is small).
  const tasks = [...ids, ...ids, ...ids, ...ids]
    .slice(0, Math.max(8, ids.length))
    .map((departmentId, i) => ({ departmentId, leads: i % 2 ? [] : ['lead@example.org'] }));

  it('a pool started before the month is known renders in its worker exactly what the main thread renders, in order, twice', async () => {
    const pool = startRenderPool({ settings: SETTINGS_WITH_LINK, threads: 2, departments: tasks.length });
    try {
      expect(pool.workers).toBe(1);
      // Once the worker is ready it takes the first department before the main thread takes any.
      await pool.ready();
      for (const round of [tasks, tasks.slice(0, 4).reverse()]) {
        const seen: string[] = [];
        const html: string[] = [];
        const { renderedByWorkers } = await pool.render(monthly, round, async (id, files) => {
          seen.push(id);
          html.push(files.html);
          expect(files.eml.toString('utf8')).toContain('Content-Type: multipart/');
        });
        expect(seen).toEqual(round.map((t) => t.departmentId));
        expect(renderedByWorkers).toBeGreaterThan(0);
        for (const [i, t] of round.entries()) {
          expect(html[i]).toBe((await renderDepartmentFiles(monthly, t.departmentId, SETTINGS_WITH_LINK, t.leads)).html);
        }
      }
    } finally {
      await pool.close();
    }
  }, 180_000);

  it('starts no worker for a handful of departments', () => {
    expect(startRenderPool({ settings: SETTINGS_WITH_LINK, threads: 2, departments: 3 }).workers).toBe(0);
  });

  it('with one thread renders on the main thread only', async () => {
    const { renderedByWorkers } = await renderDepartments(
      { monthly, settings: SETTINGS_WITH_LINK, threads: 1 },
      tasks.slice(0, 4),
      async () => undefined,
    );
    expect(renderedByWorkers).toBe(0);
  }, 120_000);

  it('a department that cannot be rendered rejects, naming it, wherever it was drawn', async () => {
    const bad = [...tasks.slice(0, 7), { departmentId: 'no-such-department', leads: [] }];
    await expect(renderDepartments({ monthly, settings: SETTINGS_WITH_LINK, threads: 2 }, bad, async () => undefined)).rejects.toThrow(
      /no-such-department/,
    );
  }, 120_000);

  it('a worker that failed a department (with the next one already in hand) goes on rendering', async () => {
    const pool = startRenderPool({ settings: SETTINGS_WITH_LINK, threads: 2, departments: tasks.length });
    try {
      await pool.ready();
      // The worker takes the first two tasks: the failing one and the one after it.
      const bad = [{ departmentId: 'no-such-department', leads: [] }, ...tasks.slice(0, 7)];
      await expect(pool.render(monthly, bad, async () => undefined)).rejects.toThrow(/no-such-department/);
      const seen: string[] = [];
      const { renderedByWorkers } = await pool.render(monthly, tasks, async (id) => void seen.push(id));
      expect(seen).toEqual(tasks.map((t) => t.departmentId));
      expect(renderedByWorkers).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  }, 180_000);
});
