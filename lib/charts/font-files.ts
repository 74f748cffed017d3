// The bundled chart font (package `dejavu-fonts-ttf`): the family every chart names, and its files, which
// the PNG renderer loads explicitly and text-width.ts reads the advance widths from.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The font family every chart names; the PNG renderer maps it (and sans-serif) to the bundled files. */
export const CHART_FONT = 'DejaVu Sans';

const require = createRequire(import.meta.url);

/** Absolute paths of the bundled DejaVu Sans regular and bold TTFs. */
export function chartFontFiles(): string[] {
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')];
}
