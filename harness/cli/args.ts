// Command-line parsing on Node's built-in util.parseArgs, shared by every command.
// Owns: turning argv into typed values with errors that name the flag and the fix (UsageError),
// and the parsing of compound flags (--faults drop=1,corrupt=0 and --param n=4).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../sim/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags (by long name) and positional arguments. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Parses `argv` against `options`; unknown flags and missing values become UsageErrors. */
export function parse(command: string, argv: readonly string[], options: Options): ParsedArgs {
  try {
    const r = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: r.values as ParsedArgs['values'], positionals: r.positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e);
    throw new UsageError(`${command}: ${msg}; see 'racelab ${command} --help'`);
  }
}

/** A whole number flag value, or undefined when absent. */
export function intFlag(name: string, v: string | boolean | string[] | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new UsageError(`--${name} needs a whole number, got '${String(v)}'`);
  return Number(v);
}

/** A decimal flag value, or undefined when absent. */
export function numFlag(name: string, v: string | boolean | string[] | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--${name} needs a number, got '${String(v)}'`);
  return n;
}

/** Parses `k=v,k=v` (values whole numbers) from one or more flag occurrences. */
export function pairsFlag(name: string, values: readonly string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const raw of values ?? []) {
    for (const part of raw.split(',').filter(Boolean)) {
      const m = /^([A-Za-z][\w-]*)=(\d+)$/.exec(part.trim());
      if (!m) throw new UsageError(`--${name} takes name=number pairs such as drop=1,corrupt=0; got '${part}'`);
      out[m[1]!] = Number(m[2]);
    }
  }
  return out;
}
