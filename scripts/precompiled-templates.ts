// What each precompiled template file (templates/**/*.compiled.json) should hold now: the source compiled by
// mjml as the run-time fallback compiles it (compileMjml). Written by scripts/write-templates.ts and checked by
// test/render/precompiled-template.test.ts; a Lambda bundle never loads this (it needs mjml's package.json).
import { createRequire } from 'node:module';
import { DEPARTMENT_TEMPLATE, compileMjml } from '../lib/render/email/compile.ts';
import { type PrecompiledTemplate, compiledPath, sourceHash } from '../lib/render/email/precompiled.ts';
import { readTemplate } from '../lib/render/templates.ts';

/** The templates compiled ahead of time (relative to templates/). */
export const PRECOMPILED_TEMPLATES = [DEPARTMENT_TEMPLATE];

export async function precompile(name: string): Promise<PrecompiledTemplate> {
  const source = readTemplate(name);
  const mjml = (createRequire(import.meta.url)('mjml/package.json') as { version: string }).version;
  const generated = 'by npx tsx scripts/write-templates.ts from the source below: do not edit';
  return { generated, source: name, sha256: sourceHash(source), mjml, html: await compileMjml(source, name) };
}

/** Each precompiled file's path (relative to templates/) and its text as written. */
export async function precompiledFiles(): Promise<{ path: string; text: string }[]> {
  return Promise.all(
    PRECOMPILED_TEMPLATES.map(async (name) => ({ path: compiledPath(name), text: `${JSON.stringify(await precompile(name), null, 2)}\n` })),
  );
}
