// The department email's MJML is compiled once per process (strict validation) and cached; each email
// then fills the compiled HTML's {{SLOT}} markers. mjml stays out of the per-department loop (it costs
// ~100 ms cold), and the HTML size depends only on the template and the bounded model, not on volume.
import mjml2html from 'mjml';
import { join } from 'node:path';
import { readTemplate, templatesDir } from '../templates.ts';

export const DEPARTMENT_TEMPLATE = 'email/department.mjml';

const compiled = new Map<string, Promise<string>>();

/** Compiles MJML at strict validation; a validation error names the template, line and message. */
export async function compileMjml(source: string, name: string): Promise<string> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(source, {
      validationLevel: 'strict',
      keepComments: false,
      filePath: join(templatesDir(), name),
    });
  } catch (e) {
    // At strict level mjml throws a ValidationError whose message lists "Line N of <file> (<tag>) — reason".
    throw new Error(`MJML template ${name} is invalid: ${(e as Error).message.trim()}`);
  }
  if (result.errors.length > 0) {
    const list = result.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ');
    throw new Error(`MJML template ${name} is invalid: ${list}`);
  }
  return squeezeWhitespace(result.html);
}

/** The compiled department template, cached for the life of the process. */
export function compiledDepartmentTemplate(): Promise<string> {
  let hit = compiled.get(DEPARTMENT_TEMPLATE);
  if (!hit) {
    hit = compileMjml(readTemplate(DEPARTMENT_TEMPLATE), DEPARTMENT_TEMPLATE);
    // A failed compile is not cached, so a fixed template is picked up by the next call.
    hit.catch(() => compiled.delete(DEPARTMENT_TEMPLATE));
    compiled.set(DEPARTMENT_TEMPLATE, hit);
  }
  return hit;
}

/**
 * Drops the indentation mjml leaves on every line (about a quarter of the bytes). Safe: the template
 * has no <pre> or whitespace-sensitive content, and line breaks are kept so conditional comments survive.
 * (mjml's own `minify` needs cssnano and takes seconds.)
 */
function squeezeWhitespace(htmlText: string): string {
  return htmlText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
