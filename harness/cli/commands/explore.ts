// `racelab explore <scenario>`: run one exploration, print what was explored and the verdict,
// write summary.json and (on a violation) counterexample.json, and print the one command that
// reproduces it. Exit 0 held, 1 violation, 3 inconclusive.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULT_KINDS } from '../../../sim/faults.js';
import { summaryText } from '../../../reports/summary.js';
import { traceText } from '../../../reports/trace.js';
import { executionsMaxDefault, runExplore, type ExploreRequest, type ExploreRun } from '../../run.js';
import { EXHAUSTIVE_STRATEGIES, EXIT } from '../../verdict.js';
import { resolveSetup } from '../../setup.js';
import { estimateText, estimateTree } from '../../explore/estimate.js';
import { htmlPage } from '../../../reports/html.js';
import { progressMode, startProgress } from '../../progress.js';
import type { Io } from '../io.js';

export const EXPLORE_HELP = `Usage: racelab explore <scenario> [options]

Explores the schedules and faults of a built-in scenario, checking every invariant after every
step. On a violation writes <out>/counterexample.json and prints the command that replays it.

Options:
  --mutant NAME             run a deliberately broken variant (see 'racelab list')
  --strategy NAME           exploration strategy (default random; see 'racelab list')
  --seed S                  root seed (default 1); execution i derives its streams from (S, i)
  --executions N            executions at most (default 1000)
  --depth N                 steps per execution at most (default: the scenario's)
  --faults k=v[,k=v]        override fault budgets per execution, e.g. drop=2,crash=0
                            (kinds: ${FAULT_KINDS.join(', ')})
  --fault-probability P     sampling: chance of taking an enabled fault at a step (default 0.1)
  --bug-depth D             pct: bug depth d, i.e. d-1 priority change points (default 3)
  --preemptions N           dpor: thread preemptions per execution at most (default unbounded)
  --time-ms N               exhaustive strategies: wall-time budget in ms (default unbounded)
  --n N                     size parameter of scenarios that have one (same as --param n=N)
  --param k=v[,k=v]         scenario parameters
  --stated                  explore within the scenario's stated bounds (its params, fault
                            budget with unnamed kinds 0, depth and dpor execution cap, as
                            'racelab list' shows them); strategy defaults to dpor; flags
                            given explicitly override the bounds
  --out DIR                 output folder (default out/<scenario>[.<mutant>])
  --workers N               worker threads (default: all cores for the racelab binary);
                            the output is byte-identical for any N
  --shard i/N               run shard i of N (0-based), write <out>/shard-i-of-N.json;
                            join shards with 'racelab merge' (docs/distributed.md)
  --split                   dpor: split the search into subtrees, explored in rounds, so it
                            can use the workers (source-set DPOR; counts differ from dpor's)
  --json                    print the run summary as JSON instead of text
  --quiet                   print nothing; rely on the exit code and files
  --no-minimize             write the counterexample as found, without minimizing it
                            (by default it is minimized: same invariant, fewer choices)
  -h, --help                show this help

Progress goes to stderr: a bar on a terminal, a line every 2 s otherwise, JSON lines with
--json, nothing with --quiet. Next to counterexample.json, counterexample.html shows the
trace as a message sequence chart.

Exit codes: 0 held, 1 violation found, 2 bad usage or input, 3 inconclusive.`;

/** Options of `racelab explore`. */
export interface ExploreCommandOptions extends ExploreRequest {
  readonly out?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** True when stderr is a terminal (progress bar instead of lines). */
  readonly tty?: boolean;
}

function faultsText(f: Readonly<Record<string, number>>): string {
  return Object.entries(f).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
}

export function exploreCommand(opts: ExploreCommandOptions, io: Io): number {
  if (EXHAUSTIVE_STRATEGIES.has(opts.strategy ?? '') && !opts.quiet && !opts.json) printEstimate(opts, io);
  const shown = startProgress({
    mode: progressMode({ quiet: opts.quiet, json: opts.json, tty: opts.tty === true }),
    label: `${opts.scenario}${opts.mutant ? `.${opts.mutant}` : ''}`, total: opts.executionsMax ?? executionsMaxDefault(opts.strategy), sink: { line: (l) => io.err(l) },
  });
  let run: ExploreRun;
  try {
    run = runExplore(opts, shown.fn);
  } finally {
    shown.stop();
  }
  return reportExplore(run, opts, io);
}

/** Before an exhaustive run: a state-space estimate with its uncertainty (harness/explore/estimate.ts). */
function printEstimate(opts: ExploreCommandOptions, io: Io): void {
  const setup = resolveSetup(opts);
  const e = estimateTree(setup, opts.depthMax ?? setup.scenario.depthMax, String(opts.seed ?? '1'));
  io.out(`estimate before exhaustive search: ${estimateText(e)}`);
}

/** Writes a run's summary (and counterexample) and prints it; returns the verdict's exit code. */
export function reportExplore(run: ExploreRun, opts: ExploreCommandOptions, io: Io): number {
  const { summary, trace, outcome } = run;
  const outDir = opts.out ?? join('out', run.setup.mutant ? `${run.setup.scenario.id}.${run.setup.mutant}` : run.setup.scenario.id);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'summary.json'), summaryText(summary));
  const tracePath = join(outDir, 'counterexample.json');
  if (trace) writeFileSync(tracePath, traceText(trace));
  if (trace) writeFileSync(join(outDir, 'counterexample.html'), htmlPage(trace));
  const code = summary.verdict === 'violated' ? EXIT.violated : summary.verdict === 'held' ? EXIT.held : EXIT.inconclusive;
  if (opts.quiet) return code;
  if (opts.json) {
    io.out(summaryText(summary).trimEnd());
    return code;
  }
  const mut = run.setup.mutant ? ` (mutant ${run.setup.mutant})` : '';
  const params = Object.entries(run.setup.params).map(([k, v]) => ` ${k}=${v}`).join('');
  io.out(`racelab explore ${run.setup.scenario.id}${params}${mut} · strategy ${run.options.strategy} · seed ${run.options.seed}`);
  io.out(`  explored: ${outcome.executions} executions, ${outcome.steps} steps (${outcome.terminal} ran to the end, ${outcome.depthCut} cut at depth ${run.options.depthMax})`);
  for (const [k, v] of Object.entries(outcome.stats)) io.out(`  ${k}: ${v}`);
  if (outcome.bounded) {
    io.out(`  bounds: ${outcome.bounded.within}`);
    for (const c of outcome.bounded.cuts) io.out(`  CUT by ${c.bound} (${c.limit}): ${c.cut} — the result is bounded, not exhaustive`);
  }
  io.out(`  fault budget per execution: ${faultsText(run.setup.faults)}`);
  io.out(`  faults fired: ${faultsText(outcome.faultsFired)}`);
  if (trace?.violation) {
    const v = trace.violation;
    io.out(`VIOLATION ${v.invariant} at step ${v.step} of execution ${trace.execution} (${trace.choices.length} choices):`);
    io.out(`  ${v.message}`);
    if (trace.minimized) io.out(`  minimized from ${trace.minimized.originalChoices} to ${trace.choices.length} choices${trace.minimized.shortest ? ' (no shorter path violates it)' : ''}; --no-minimize keeps the original`);
    io.out(`  trace: ${tracePath} (sha256 ${trace.sha256.slice(0, 16)}…) · viewer: ${join(outDir, 'counterexample.html')}`);
    io.out(`  reproduce: npx racelab replay ${tracePath}`);
  } else {
    io.out(`${summary.verdict.toUpperCase()} (${summary.claim.level}): ${summary.claim.evidence}`);
  }
  io.out(`  summary: ${join(outDir, 'summary.json')}`);
  return code;
}
