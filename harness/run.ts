// Running an exploration end to end, as a library call (the CLI is a thin shell over this).
// Owns: resolving options, running the chosen explorer, and turning its outcome into the
// canonical run summary and, on a violation, a sealed counterexample trace.
import { UsageError } from '../sim/errors.js';
import type { FaultKind } from '../sim/faults.js';
import { sealTrace, type TraceV1 } from '../reports/trace.js';
import { buildSummary, type RunSummary } from '../reports/summary.js';
import { EXPLORERS, findExplorer } from './explore/registry.js';
import type { ExploreOptions, ExploreOutcome, ProgressFn } from './explore/types.js';
import { resolveSetup, type RunSetup, type SetupRequest } from './setup.js';
import { verdictOf } from './verdict.js';

/** What a user may ask of `explore`; every field but scenario has a default. */
export interface ExploreRequest extends SetupRequest {
  readonly strategy?: string;
  readonly seed?: string | number;
  readonly executionsMax?: number;
  readonly depthMax?: number;
  readonly faultProbability?: number;
}

/** Result of an exploration run. */
export interface ExploreRun {
  readonly setup: RunSetup;
  readonly options: ExploreOptions;
  readonly outcome: ExploreOutcome;
  readonly summary: RunSummary;
  readonly trace: TraceV1 | null;
}

function positiveInt(name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < 1) throw new UsageError(`--${name} must be a whole number >= 1, got ${String(v)}`);
  return x;
}

/** Fills in and freezes exploration options. */
export function resolveExploreOptions(req: ExploreRequest, setup: RunSetup): ExploreOptions {
  const strategy = req.strategy ?? 'random';
  if (!findExplorer(strategy)) throw new UsageError(`unknown strategy '${strategy}'; strategies: ${EXPLORERS.map((e) => e.name).join(', ')}`);
  const p = req.faultProbability ?? 0.1;
  if (!(p >= 0 && p <= 1)) throw new UsageError(`--fault-probability must be between 0 and 1, got ${String(req.faultProbability)}`);
  const seed = String(req.seed ?? '1');
  if (seed.length === 0 || seed.length > 200) throw new UsageError(`--seed must be 1 to 200 characters, got '${seed}'`);
  return Object.freeze({
    strategy,
    seed,
    executionsMax: positiveInt('executions', req.executionsMax, 1000),
    depthMax: positiveInt('depth', req.depthMax, setup.scenario.depthMax),
    faultProbability: p,
  });
}

/** Builds the sealed trace of a violating execution. */
export function traceOf(setup: RunSetup, options: ExploreOptions, outcome: ExploreOutcome): TraceV1 | null {
  const rec = outcome.violation;
  if (!rec || !rec.violation) return null;
  return sealTrace({
    schema: 'racelab.trace/v1',
    scenario: { id: setup.scenario.id, mutant: setup.mutant, params: setup.params, definitionHash: setup.definitionHash },
    explorer: { strategy: options.strategy, options: { executionsMax: options.executionsMax, depthMax: options.depthMax, faultProbability: options.faultProbability } },
    seed: options.seed,
    execution: rec.index,
    faults: { ...setup.faults },
    choices: rec.choices,
    events: rec.events,
    violation: rec.violation,
  });
}

/** Runs an exploration and returns its summary and (on violation) its trace. */
export function runExplore(req: ExploreRequest, progress?: ProgressFn): ExploreRun {
  const setup = resolveSetup(req);
  const options = resolveExploreOptions(req, setup);
  const explorer = findExplorer(options.strategy)!;
  const outcome = explorer.explore(setup, options, progress);
  const trace = traceOf(setup, options, outcome);
  const { verdict, claim } = verdictOf(outcome);
  const summary = buildSummary(setup, options, outcome, verdict, claim, trace);
  return { setup, options, outcome, summary, trace };
}

export type { FaultKind };
