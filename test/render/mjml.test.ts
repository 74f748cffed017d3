import { describe, expect, it } from 'vitest';
import { compileMjml, compiledDepartmentTemplate } from '../../lib/render/email/compile.ts';
import { readTemplate } from '../../lib/render/templates.ts';

describe('the department email template', () => {
  it('compiles at strict validation, 600 px wide, with every slot present once in the body', async () => {
    const out = await compileMjml(readTemplate('email/department.mjml'), 'email/department.mjml');
    expect(out).toContain('max-width:600px');
    for (const slot of ['HEADING', 'SUBHEADING', 'INTRO', 'HEADLINES', 'CHARTS', 'DETAILS', 'FOOTER', 'PREVIEW']) {
      expect(out.split(`{{${slot}}}`).length - 1, slot).toBe(1);
    }
    // The compiled template itself must stay small: the data adds the rest of the 100 KB budget.
    expect(Buffer.byteLength(out)).toBeLessThan(16_000);
  });

  it('is compiled once and cached', async () => {
    const a = compiledDepartmentTemplate();
    const b = compiledDepartmentTemplate();
    expect(a).toBe(b);
    expect(await a).toContain('{{HEADLINES}}');
  });

  it('strict validation rejects an invalid template, naming it', async () => {
    const bad = '<mjml><mj-body><mj-section><mj-column><mj-text colour="red">x</mj-text></mj-column></mj-section></mj-body></mjml>';
    await expect(compileMjml(bad, 'bad.mjml')).rejects.toThrow(/bad\.mjml/);
  });
});
