// The department email's MJML, compiled at strict validation; each email then fills the compiled HTML's
// {{SLOT}} markers, so the HTML size depends only on the template and the bounded model, not on volume.
// A process normally reads the compiled HTML from templates/email/department.compiled.json (precompiled.ts)
// and never loads mjml (about 1.2 s of CPU per render thread); it compiles with mjml, once, only when that
// file is missing or was compiled from another source, or when PORTAL_PULSE_COMPILE_TEMPLATES=1.
import { join } from 'node:path';
import { readTemplate, templatesDir } from '../templates.ts';
import { readPrecompiled } from './precompiled.ts';

export const DEPARTMENT_TEMPLATE = 'email/department.mjml';

const compiled = new Map<string, Promise<string>>();

/** Compiles MJML at strict validation; a validation error names the template, line and message. */
export async function compileMjml(source: string, name: string): Promise<string> {
  // Loaded only here: a process that finds the precompiled template never pays for mjml.
  const { default: mjml2html } = await import('mjml');
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

/** Whether to compile with mjml even where a precompiled template matches (to check it, or to debug mjml). */
export function forceCompile(): boolean {
  return process.env.PORTAL_PULSE_COMPILE_TEMPLATES === '1';
}

/** The compiled department template (precompiled, else compiled now), cached for the life of the process. */
export function compiledDepartmentTemplate(): Promise<string> {
  let hit = compiled.get(DEPARTMENT_TEMPLATE);
  if (!hit) {
    const pre = forceCompile() ? null : readPrecompiled(DEPARTMENT_TEMPLATE);
    hit = pre !== null ? Promise.resolve(pre) : compileMjml(readTemplate(DEPARTMENT_TEMPLATE), DEPARTMENT_TEMPLATE);
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
