// The render pool (issue 13): departments drawn in worker threads come back byte for byte as the main
// thread draws them, in the order asked for, and a department that cannot be drawn fails with its id.
import { describe, expect, it } from 'vitest';
import { renderDepartmentFiles } from '../../lib/publish/department-files.ts';
import { renderDepartments } from '../../lib/publish/render-pool.ts';
import { SETTINGS_WITH_LINK, loadMonthly } from '../render/fixtures.ts';

describe('renderDepartments', () => {
  const monthly = loadMonthly();
  const ids = Object.keys(monthly.departments).sort();
  // Enough tasks that a worker is started (each department twice if the fixture is small).
  const tasks = [...ids, ...ids, ...ids, ...ids]
    .slice(0, Math.max(8, ids.length))
    .map((departmentId, i) => ({ departmentId, leads: i % 2 ? [] : ['lead@example.org'] }));

  it('renders in workers exactly what the main thread renders, in order', async () => {
    const seen: string[] = [];
    const html: string[] = [];
    const { renderedByWorkers } = await renderDepartments(
      { monthly, settings: SETTINGS_WITH_LINK, threads: 2 },
      tasks,
      async (id, files) => {
        seen.push(id);
        html.push(files.html);
        expect(files.eml.toString('utf8')).toContain('Content-Type: multipart/');
      },
    );
    expect(renderedByWorkers).toBeGreaterThan(0);
    expect(seen).toEqual(tasks.map((t) => t.departmentId));
    for (const [i, t] of tasks.entries()) {
      expect(html[i]).toBe((await renderDepartmentFiles(monthly, t.departmentId, SETTINGS_WITH_LINK, t.leads)).html);
    }
  }, 120_000);

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
});
