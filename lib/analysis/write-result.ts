// Writes a result file after checking it against the shipped schema (a file that fails is a bug here,
// never something to hand downstream), atomically: a reader never sees half a file.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MonthlyResult, StudyResult } from '../results/types.ts';
import { validateResult } from '../results/schema/validate.ts';

export async function writeResult(outDir: string, result: StudyResult | MonthlyResult): Promise<string> {
  const { valid, errors } = validateResult(result);
  if (!valid) throw new Error(`internal error: the ${result.kind} result breaks its JSON Schema:\n  ${errors.slice(0, 20).join('\n  ')}`);
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, `${result.kind}.json`);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(result, null, 2) + '\n');
  await rename(tmp, path);
  return path;
}
