// Reads the files in templates/ once per process. They sit beside lib/ in the repository; a bundled
// deployment (the monthly Lambda) copies the folder and may point PORTAL_PULSE_TEMPLATES at it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cache = new Map<string, string>();

/** The templates folder: $PORTAL_PULSE_TEMPLATES, else the repository's templates/. */
export function templatesDir(): string {
  return process.env.PORTAL_PULSE_TEMPLATES ?? fileURLToPath(new URL('../../templates/', import.meta.url));
}

/** The text of templates/<relativePath>, cached; a missing file names the path it looked for. */
export function readTemplate(relativePath: string): string {
  const full = join(templatesDir(), relativePath);
  const hit = cache.get(full);
  if (hit !== undefined) return hit;
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    throw new Error(`template ${full} could not be read (${(e as Error).message}); set PORTAL_PULSE_TEMPLATES to the templates folder`);
  }
  cache.set(full, text);
  return text;
}
