// The commands `portal-pulse` knows, each loaded only when run, and the top-level help built from them.
// Shared by bin/cli.ts and scripts/write-help.ts (which writes bin/help.json for the --help fast path).
import type { Command } from './command.ts';

export const commands: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  start: {
    summary: 'Run the whole local job on sample data: sample, ingest, study, monthly reports.',
    load: () => import('./commands/start.ts'),
  },
  sample: { summary: 'Generate a realistic, deterministic sample export.', load: () => import('./commands/sample.ts') },
  ingest: { summary: 'Validate an export and load it into the Parquet lake.', load: () => import('./commands/ingest.ts') },
  study: {
    summary: "Reproduce the study's multi-year analyses over a range of months (study.json + page).",
    load: () => import('./commands/study.ts'),
  },
  monthly: {
    summary: 'Compute one month for the organisation and every department (monthly.json, emails, pages).',
    load: () => import('./commands/monthly.ts'),
  },
  catalog: {
    summary: "Create the lake's tables on a Trino server (for --engine trino://...).",
    load: () => import('./commands/catalog.ts'),
  },
  send: { summary: "Email each department lead their month's report over SMTP.", load: () => import('./commands/send.ts') },
};

export function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length)) + 4;
  return [
    'portal-pulse: patient-portal secure messaging analytics.',
    '',
    'Usage: portal-pulse <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}${c.summary}`),
    '',
    "Run 'portal-pulse <command> --help' for a command's options and examples.",
    'Typical first run:  portal-pulse sample --out data/sample && portal-pulse ingest --input data/sample --lake data/lake',
  ].join('\n');
}
