// Generates the sample export a size's other steps read (once; kept between runs).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateSample } from '../../lib/sample/index.ts';

export async function run(args: { workdir: string; size: number }): Promise<Record<string, number>> {
  const outDir = join(args.workdir, `sample-${args.size}`);
  if (existsSync(join(outDir, 'departments.csv'))) return { reused: 1 };
  await generateSample({ outDir, messages: args.size, seed: 42 });
  return { reused: 0 };
}
