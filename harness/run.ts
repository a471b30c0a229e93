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
import { EXHAUSTIVE_STRATEGIES, verdictOf } from './verdict.js';
import { minimizeExecution, type MinimizeResult } from './minimize.js';

/** What a user may ask of `explore`; every field but scenario has a default. */
export interface ExploreRequest extends SetupRequest {
  readonly strategy?: string;
  readonly seed?: string | number;
  readonly executionsMax?: number;
  readonly depthMax?: number;
  readonly faultProbability?: number;
  /** `pct`: bug depth d (default 3). */
  readonly bugDepth?: number;
  /** Exhaustive strategies: thread preemptions per execution at most (default unbounded). */
  readonly preemptionsMax?: number;
  /** Exhaustive strategies: wall-time budget in ms (default unbounded). */
  readonly durationMsMax?: number;
  /** Minimize a counterexample before writing it (default true). */
  readonly minimize?: boolean;
}

/** Result of an exploration run. */
export interface ExploreRun {
  readonly setup: RunSetup;
  readonly options: ExploreOptions;
  readonly outcome: ExploreOutcome;
  readonly summary: RunSummary;
  readonly trace: TraceV1 | null;
  /** What minimization did (null with `minimize: false` or when nothing was violated). */
  readonly minimized: MinimizeResult | null;
}

function positiveInt(name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < 1) throw new UsageError(`--${name} must be a whole number >= 1, got ${String(v)}`);
  return x;
}

/** Default execution budget of exhaustive strategies (a bound like any other: reported when it cuts). */
export const EXHAUSTIVE_EXECUTIONS_DEFAULT = 1_000_000;

/** The executions budget a strategy gets when the user gives none. */
export function executionsMaxDefault(strategy: string | undefined): number {
  return EXHAUSTIVE_STRATEGIES.has(strategy ?? 'random') ? EXHAUSTIVE_EXECUTIONS_DEFAULT : 1000;
}

function nonNegativeInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0) throw new UsageError(`--${name} must be a whole number >= 0, got ${String(v)}`);
  return v;
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
    executionsMax: positiveInt('executions', req.executionsMax, executionsMaxDefault(strategy)),
    depthMax: positiveInt('depth', req.depthMax, setup.scenario.depthMax),
    faultProbability: p,
    bugDepth: positiveInt('bug-depth', req.bugDepth, 3),
    ...(req.preemptionsMax === undefined ? {} : { preemptionsMax: nonNegativeInt('preemptions', req.preemptionsMax) }),
    ...(req.durationMsMax === undefined ? {} : { durationMsMax: positiveInt('time-ms', req.durationMsMax, 1) }),
  });
}

/**
 * Builds the sealed trace of a violating execution; with `min`, the minimized execution is
 * recorded (its `execution` stays the original index and `minimized` says what was done).
 */
export function traceOf(setup: RunSetup, options: ExploreOptions, outcome: ExploreOutcome, min: MinimizeResult | null = null): TraceV1 | null {
  const rec = min ? min.record : outcome.violation;
  if (!rec || !rec.violation) return null;
  return sealTrace({
    schema: 'racelab.trace/v1',
    scenario: { id: setup.scenario.id, mutant: setup.mutant, params: setup.params, definitionHash: setup.definitionHash },
    explorer: { strategy: options.strategy, options: { executionsMax: options.executionsMax, depthMax: options.depthMax, faultProbability: options.faultProbability } },
    seed: options.seed,
    execution: rec.index,
    initial: rec.initial,
    faults: { ...setup.faults },
    choices: rec.choices,
    events: rec.events,
    violation: rec.violation,
    ...(min ? { minimized: { originalChoices: min.originalChoices, candidates: min.candidates, shortest: min.shortest } } : {}),
  });
}

/** Runs an exploration and returns its summary and (on violation) its trace. */
export function runExplore(req: ExploreRequest, progress?: ProgressFn): ExploreRun {
  const setup = resolveSetup(req);
  const options = resolveExploreOptions(req, setup);
  const explorer = findExplorer(options.strategy)!;
  const outcome = explorer.explore(setup, options, progress);
  return finishExplore(req, setup, options, outcome);
}

/**
 * From an explorer's outcome to the run's artifacts (minimized trace, verdict, summary). Shared
 * with the parallel coordinator (harness/pool/), so both write byte-identical artifacts.
 */
export function finishExplore(req: ExploreRequest, setup: RunSetup, options: ExploreOptions, outcome: ExploreOutcome): ExploreRun {
  const minimized = req.minimize === false || !outcome.violation?.violation ? null : minimizeExecution(setup, outcome.violation);
  const trace = traceOf(setup, options, outcome, minimized);
  const { verdict, claim } = verdictOf(outcome);
  const summary = buildSummary(setup, options, outcome, verdict, claim, trace);
  return { setup, options, outcome, summary, trace, minimized };
}

export type { FaultKind };
