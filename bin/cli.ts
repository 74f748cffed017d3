// portal-pulse command-line entry point: finds the command, prints help, turns known errors into
// one clear line and an exit code. Each command lives in lib/cli/commands/<name>.ts.
import { helpText, parseCommandArgs, UsageError, type Command } from '../lib/cli/command.ts';

const commands: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  start: { summary: 'Run the whole local job on sample data: sample, ingest, study, monthly reports.', load: () => import('../lib/cli/commands/start.ts') },
  sample: { summary: 'Generate a realistic, deterministic sample export.', load: () => import('../lib/cli/commands/sample.ts') },
  ingest: { summary: 'Validate an export and load it into the Parquet lake.', load: () => import('../lib/cli/commands/ingest.ts') },
  study: { summary: "Reproduce the study's multi-year analyses over a range of months (study.json + page).", load: () => import('../lib/cli/commands/study.ts') },
  monthly: { summary: 'Compute one month for the organisation and every department (monthly.json, emails, pages).', load: () => import('../lib/cli/commands/monthly.ts') },
  catalog: { summary: "Create the lake's tables on a Trino server (for --engine trino://...).", load: () => import('../lib/cli/commands/catalog.ts') },
  send: { summary: "Email each department lead their month's report over SMTP.", load: () => import('../lib/cli/commands/send.ts') },
};

function mainHelp(): string {
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

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    console.error(`portal-pulse: unknown command '${name}'.\n\n${mainHelp()}`);
    return 2;
  }
  const { command } = await entry.load();
  const parsed = parseCommandArgs(command, rest);
  if (parsed.values.help) {
    console.log(helpText(command));
    return 0;
  }
  if (parsed.positionals.length) {
    throw new UsageError(`unexpected argument '${parsed.positionals[0]}': every value goes with a flag. Run 'portal-pulse ${name} --help' for the options.`);
  }
  return command.run(parsed.values as Record<string, string | boolean | string[] | undefined>, parsed.positionals);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError || (e as { userFacing?: boolean }).userFacing) {
    console.error(`portal-pulse: ${(e as Error).message}`);
    process.exitCode = (e as { exitCode?: number }).exitCode ?? 2; // e.g. ingest's codes, docs/ingestion.md
  } else {
    console.error(e);
    process.exitCode = 1;
  }
}
