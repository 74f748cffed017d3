// The department template compiled ahead of time (issue 13): mjml costs about 1.2 s of CPU per render thread to
// load and compile, for an output that changes only when the template (or mjml, or compile.ts) does. The
// compiled HTML is committed beside the source as <name>.compiled.json with the source's SHA-256, written by
// `npx tsx scripts/write-templates.ts`; test/render/precompiled-template.test.ts fails while it is stale.
import { createHash } from 'node:crypto';
import { readTemplate } from '../templates.ts';

/** templates/<...>.compiled.json: what mjml made of the source whose hash it records. */
export interface PrecompiledTemplate {
  /** Says the file is written by scripts/write-templates.ts (never edited by hand). */
  generated: string;
  /** The template it was compiled from (relative to templates/). */
  source: string;
  /** SHA-256 (hex) of the source's text: a file whose hash differs from the source's is not used. */
  sha256: string;
  /** The mjml version that compiled it (for the reader; the test catches an upgrade that changes the output). */
  mjml: string;
  /** The compiled HTML with its {{SLOT}} markers, as compileMjml returns it. */
  html: string;
}

export function compiledPath(templateName: string): string {
  return templateName.replace(/\.mjml$/, '.compiled.json');
}

export function sourceHash(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

/** The precompiled HTML if its file exists and matches the source as it is now; else null (compile it). */
export function readPrecompiled(templateName: string): string | null {
  let file: PrecompiledTemplate;
  try {
    file = JSON.parse(readTemplate(compiledPath(templateName))) as PrecompiledTemplate;
  } catch {
    return null;
  }
  if (typeof file.html !== 'string' || file.sha256 !== sourceHash(readTemplate(templateName))) return null;
  return file.html;
}
