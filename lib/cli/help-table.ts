// Every --help text keyed by how it is asked for: "" for `portal-pulse --help`, else the command's name.
// bin/help.json holds this table (scripts/write-help.ts) for the --help fast path of bin/portal-pulse.js.
import { helpText } from './command.ts';
import { commands, mainHelp } from './registry.ts';

export async function helpTable(): Promise<Record<string, string>> {
  const table: Record<string, string> = { '': mainHelp() };
  for (const [name, entry] of Object.entries(commands)) table[name] = helpText((await entry.load()).command);
  return table;
}
