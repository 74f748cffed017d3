// portal-pulse command-line entry point: finds the command, prints help, turns known errors into
// one clear line and an exit code. Each command lives in lib/cli/commands/<name>.ts.
import { helpText, parseCommandArgs, UsageError } from '../lib/cli/command.ts';
import { UserError } from '../lib/errors/index.ts';
import { commands, mainHelp } from '../lib/cli/registry.ts';

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
    throw new UsageError(
      `unexpected argument '${parsed.positionals[0]}': every value goes with a flag. Run 'portal-pulse ${name} --help' for the options.`,
    );
  }
  return command.run(parsed.values as Record<string, string | boolean | string[] | undefined>, parsed.positionals);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // A user error is the user's to fix: its message alone, and its kind's exit code (docs/ingestion.md lists them).
  if (e instanceof UserError) {
    console.error(`portal-pulse: ${e.message}`);
    process.exitCode = e.exitCode;
  } else {
    console.error(e);
    process.exitCode = 1;
  }
}
