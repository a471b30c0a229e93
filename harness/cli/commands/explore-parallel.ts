// `racelab explore` on a worker pool (--workers N) or as one shard of a distributed run
// (--shard i/N). Owns: choosing between the sequential and the pooled path, wiring SIGINT to an
// abort (the run then flushes a partial report marked inconclusive), reading the kill test hook
// from RACELAB_TEST_KILL_UNIT, printing retried/lost units, and writing shard reports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../sim/errors.js';
import { runParallel, runShard, type ParallelOptions, type PoolNotes } from '../../pool/coordinator.js';
import { defaultWorkers } from '../../pool/pool.js';
import type { KillHook, UnitResult } from '../../pool/units.js';
import { progressMode, startProgress } from '../../progress.js';
import { executionsMaxDefault } from '../../run.js';
import { parseShard, shardText } from '../../shard.js';
import { EXIT } from '../../verdict.js';
import type { Io } from '../io.js';
import { exploreCommand, reportExplore, type ExploreCommandOptions } from './explore.js';

/** Options of the pooled path. */
export interface ParallelExploreOptions extends ExploreCommandOptions {
  readonly workers?: number;
  /** dpor: split the search into subtrees (harness/pool/dpor-split.ts). */
  readonly split?: boolean;
  readonly shard?: string;
  readonly kill?: KillHook | null;
}

/** Parses RACELAB_TEST_KILL_UNIT=`unit[:times]` (test hook: that unit's worker dies `times` times). */
export function killHookFromEnv(env: NodeJS.ProcessEnv): KillHook | null {
  const raw = env.RACELAB_TEST_KILL_UNIT;
  if (!raw) return null;
  const m = /^([^:]+)(?::(\d+))?$/.exec(raw);
  if (!m) throw new UsageError(`RACELAB_TEST_KILL_UNIT takes unit[:times], e.g. r0-15:2; got '${raw}'`);
  return { unit: m[1]!, times: m[2] === undefined ? 1 : Number(m[2]) };
}

/** Entry from the CLI: the pooled path when asked for (or by default), else the sequential one. */
export function exploreEntry(opts: ParallelExploreOptions, parallelByDefault: boolean, io: Io): number | Promise<number> {
  const kill = opts.kill ?? killHookFromEnv(process.env);
  if (!parallelByDefault && opts.workers === undefined && opts.shard === undefined && opts.split === undefined && kill === null) return exploreCommand(opts, io);
  return exploreParallelCommand({ ...opts, kill }, io);
}

function printNotes(notes: PoolNotes, io: Io): void {
  for (const r of notes.retried) io.err(`racelab: unit ${r.id} failed once and was retried (${r.reason})`);
  for (const l of notes.lost) io.err(`racelab: unit ${l.id} was lost: ${l.reason}`);
  if (notes.interrupted) io.err('racelab: interrupted (SIGINT); the report covers only the work completed before it');
}

function workersOf(opts: ParallelExploreOptions): number {
  const w = opts.workers ?? defaultWorkers();
  if (!Number.isInteger(w) || w < 1 || w > 256) throw new UsageError(`--workers must be a whole number from 1 to 256, got ${String(opts.workers)}`);
  return w;
}

/** Runs the pooled (or sharded) exploration, writes its artifacts, returns the exit code. */
export async function exploreParallelCommand(opts: ParallelExploreOptions, io: Io): Promise<number> {
  const workers = workersOf(opts);
  const shard = opts.shard === undefined ? null : parseShard(opts.shard);
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  const onPlan = (units: number, split: boolean): void => {
    if (!opts.quiet) io.err(`racelab: ${units} work unit(s) on ${workers} worker(s)${split ? '' : ' (this strategy does not split: one unit)'}; Ctrl-C stops and writes a partial report`);
  };
  // Progress (harness/progress.ts): bar on a TTY, lines otherwise, JSON with --json, none with --quiet.
  const shown = startProgress({
    mode: progressMode({ quiet: opts.quiet, json: opts.json, tty: opts.tty === true }),
    label: `${opts.scenario}${opts.mutant ? `.${opts.mutant}` : ''}`, total: opts.executionsMax ?? executionsMaxDefault(opts.strategy), sink: { line: (l) => io.err(l) },
  });
  const seen = { executions: 0, steps: 0, violations: 0 };
  const onResult = (r: UnitResult): void => {
    if (!r.outcome) return;
    seen.executions += r.outcome.executions;
    seen.steps += r.outcome.steps;
    if (r.outcome.violation) seen.violations++;
    shown.fn({ ...seen });
  };
  const popts: ParallelOptions = { workers, signal: abort.signal, kill: opts.kill ?? null, onPlan, onResult };
  // Only the exploration request crosses into workers and shard reports, never output options.
  const { out: _o, json: _j, quiet: _q, tty: _t, workers: _w, shard: _s, kill: _k, ...request } = opts;
  try {
    if (shard) {
      const { report, notes } = await runShard(request, shard, popts);
      printNotes(notes, io);
      const outDir = opts.out ?? join('out', `${request.scenario}.shards`);
      mkdirSync(outDir, { recursive: true });
      const file = join(outDir, `shard-${shard.index}-of-${shard.count}.json`);
      writeFileSync(file, shardText(report));
      const complete = report.lost.length === 0 && !notes.interrupted;
      if (!opts.quiet) io.out(`racelab explore ${request.scenario} · shard ${shard.index}/${shard.count}: ${report.results.length} of ${notes.units} units done${complete ? '' : ' (INCOMPLETE)'}; wrote ${file}; the verdict comes from 'racelab merge'`);
      return complete ? EXIT.held : EXIT.inconclusive;
    }
    const run = await runParallel(request, popts);
    printNotes(run.notes, io);
    return reportExplore(run, opts, io);
  } finally {
    shown.stop();
    process.removeListener('SIGINT', onSigint);
  }
}
