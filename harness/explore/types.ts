// The one interface every explorer implements, and the resolved options they share.
// Owns: ExploreOptions (fully filled and frozen before exploration starts), ExploreOutcome
// (what was actually explored — the basis of every claim a report makes) and Explorer.
import type { FaultCounts } from '../../sim/faults.js';
import type { ExecutionRecord } from '../execution.js';
import type { RunSetup } from '../setup.js';

/** Strategy names. Explorers register in harness/explore/registry.ts. */
export type StrategyName = string;

/** Resolved exploration options (units last: executionsMax, depthMax, ...). */
export interface ExploreOptions {
  readonly strategy: StrategyName;
  /** Root seed; execution i of a sampling run derives its own streams from (seed, i). */
  readonly seed: string;
  readonly executionsMax: number;
  readonly depthMax: number;
  /** Sampling explorers: probability of taking an enabled fault at a step. */
  readonly faultProbability: number;
  /** `pct` only: bug depth d (d-1 priority change points); absent means PCT_BUG_DEPTH_DEFAULT. */
  readonly bugDepth?: number;
  /** Exhaustive explorers: thread preemptions per execution at most (absent: unbounded). */
  readonly preemptionsMax?: number;
  /** Exhaustive explorers: wall-time budget in ms (absent: unbounded); hitting it cuts the search. */
  readonly durationMsMax?: number;
}

/** Which bounds an exhaustive search ran within and which of them cut it (harness/explore/exhaustive.ts). */
export interface BoundReport {
  /** The bounds the result holds within, in words. */
  readonly within: string;
  /** Bounds that cut exploration, each with its limit and how much it cut, in words. */
  readonly cuts: readonly { readonly bound: string; readonly limit: number; readonly cut: string }[];
}

/** What an exploration did. Counts are of work actually done, never of work planned. */
export interface ExploreOutcome {
  readonly strategy: StrategyName;
  readonly executions: number;
  readonly steps: number;
  /** Executions that ended with nothing enabled. */
  readonly terminal: number;
  /** Executions cut by depthMax. */
  readonly depthCut: number;
  /** Faults fired, summed over all executions, per kind. */
  readonly faultsFired: FaultCounts;
  /** Strategy-specific counters (e.g. sleep-set-blocked executions), sorted by name. */
  readonly stats: Readonly<Record<string, number>>;
  /** True when the strategy covered everything it was asked to (its whole budget or tree). */
  readonly complete: boolean;
  /** The first violating execution in the strategy's canonical order, if any. */
  readonly violation: ExecutionRecord | null;
  /** Exhaustive strategies: the bounds and what they cut (absent for sampling strategies). */
  readonly bounded?: BoundReport;
}

/** Progress callback: called now and then with executions done so far. */
export type ProgressFn = (p: { executions: number; steps: number; violations: number }) => void;

/** An exploration strategy. */
export interface Explorer {
  readonly name: StrategyName;
  /** One line for `--help`, citing the paper where there is one. */
  readonly summary: string;
  explore(setup: RunSetup, opts: ExploreOptions, progress?: ProgressFn): ExploreOutcome;
}
