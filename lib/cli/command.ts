// The shape every `portal-pulse <command>` module exports. Commands are loaded lazily by bin/cli.ts
// so that `portal-pulse sample` never pays for loading the AWS-free report stack, and so on.
import { parseArgs } from 'node:util';
import { UserError } from '../errors/index.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One line for --help. */
  description: string;
  /** Shown in --help as the value's name, e.g. DIR. */
  valueName?: string;
  default?: string | boolean;
  short?: string;
  multiple?: boolean;
}

export interface Command {
  name: string;
  /** One line, shown in `portal-pulse --help`. */
  summary: string;
  /** Paragraphs shown under the usage line in `portal-pulse <command> --help`. */
  description: string;
  options: Record<string, OptionSpec>;
  /** Worked examples shown at the end of --help. */
  examples: string[];
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<number>;
}

/** A mistake in the command line: printed as one clear message, never with a stack trace (exit code 2). */
export class UsageError extends UserError {
  override name = 'UsageError';
}

export function helpText(cmd: Command): string {
  const lines = [`Usage: portal-pulse ${cmd.name} [options]`, '', cmd.description.trim(), '', 'Options:'];
  const entries = Object.entries(cmd.options).map(([flag, o]) => {
    const left = `  ${o.short ? `-${o.short}, ` : ''}--${flag}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
    const def = o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : '';
    return [left, `${o.description}${def}`] as const;
  });
  entries.push(['  -h, --help', 'Show this help.']);
  const width = Math.max(...entries.map(([l]) => l.length)) + 2;
  for (const [l, r] of entries) lines.push(l.padEnd(width) + r);
  if (cmd.examples.length) {
    lines.push('', 'Examples:');
    for (const e of cmd.examples) lines.push(`  ${e}`);
  }
  return lines.join('\n');
}

export function parseCommandArgs(cmd: Command, argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [flag, o] of Object.entries(cmd.options)) {
    options[flag] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.default !== undefined ? { default: o.default } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\nRun 'portal-pulse ${cmd.name} --help' for the options.`);
  }
  // parseArgs keeps the last of a repeated flag; two values for one setting is a mistake to point out.
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option' || options[t.name]?.multiple) continue;
    if (seen.has(t.name))
      throw new UsageError(`--${t.name} is given more than once; give it once.\nRun 'portal-pulse ${cmd.name} --help' for the options.`);
    seen.add(t.name);
  }
  const { tokens: _tokens, ...result } = parsed;
  return result;
}

/** Reads a required string option or throws a UsageError naming it. */
export function requireString(values: Record<string, unknown>, flag: string, cmdName: string): string {
  const v = values[flag];
  if (typeof v !== 'string' || v === '') {
    throw new UsageError(`--${flag} is required. Run 'portal-pulse ${cmdName} --help' for the options.`);
  }
  return v;
}

/** Reads an optional string option; an empty string counts as absent. */
export function optionalString(values: Record<string, unknown>, flag: string): string | undefined {
  const v = values[flag];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Reads an optional whole-number option; accepts 200000, 200_000, 200k and 1m. */
export function wholeNumber(values: Record<string, unknown>, flag: string, cmdName = 'sample'): number | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  const text = String(v).replace(/_/g, '');
  const n = /^\d+$/.test(text)
    ? Number(text)
    : /^\d+(\.\d+)?[kKmM]$/.test(text)
      ? Number(text.slice(0, -1)) * (/[mM]$/.test(text) ? 1e6 : 1e3)
      : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new UsageError(
      `--${flag} must be a whole number (e.g. 200000, 200_000, 1m), got '${String(v)}'. ` +
        `Run 'portal-pulse ${cmdName} --help' for the options.`,
    );
  }
  return n;
}
