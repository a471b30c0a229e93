// `racelab merge <shard reports...>`: join the shard reports of one distributed run into the
// summary.json (and counterexample.json) a single machine would have written, byte for byte.
// Exit codes as for explore: 0 held, 1 violation, 2 bad input, 3 inconclusive (a shard or unit
// missing — named in the output).
import { readFileSync } from 'node:fs';
import { InputError } from '../../../sim/errors.js';
import { mergeShardReports } from '../../merge.js';
import { parseShardReport } from '../../shard.js';
import type { Io } from '../io.js';
import { reportExplore } from './explore.js';

export const MERGE_HELP = `Usage: racelab merge <shard.json...> [options]

Joins the shard reports written by 'racelab explore <scenario> --shard i/N' into one run:
writes <out>/summary.json and, on a violation, <out>/counterexample.json — byte-identical to
the single-machine run. A missing shard or lost unit makes the result inconclusive (exit 3)
and is named.

Options:
  --out DIR                 output folder (default out/<scenario>[.<mutant>])
  --json                    print the run summary as JSON instead of text
  --quiet                   print nothing; rely on the exit code and files
  -h, --help                show this help

Exit codes: 0 held, 1 violation found, 2 bad usage or input, 3 inconclusive.`;

/** Options of `racelab merge`. */
export interface MergeCommandOptions {
  readonly files: readonly string[];
  readonly out?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

function readReport(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError('E_SHARD_READ', `cannot read shard report ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}); check the path`);
  }
  return { report: parseShardReport(text, file), source: file };
}

/** Merges shard reports, writes the run's artifacts, returns the exit code. */
export function mergeCommand(opts: MergeCommandOptions, io: Io): number {
  const merged = mergeShardReports(opts.files.map(readReport));
  const { missing, count } = merged.shards;
  if (missing.length > 0) io.err(`racelab: missing shard report(s) ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  const request = merged.run.setup;
  return reportExplore(merged.run, { scenario: request.scenario.id, out: opts.out, json: opts.json, quiet: opts.quiet }, io);
}
