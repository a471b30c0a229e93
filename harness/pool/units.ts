// Work units: the plain-data pieces an exploration is split into, and their results.
// Owns: WorkUnit (an id, a position `ord` in the canonical plan order, and what to explore),
// UnitTask (what a worker receives: the user's request as plain data, never a function) and
// UnitResult (what comes back). Merging is by `ord`, never by completion order, so the plan —
// derived only from the request, never from the worker count — fixes every output byte.
import type { ExploreOutcome } from '../explore/types.js';
import type { ExploreRequest } from '../run.js';

/** Executions [from, to) of a sampling explorer (random, pct, swarm). */
export interface RangeSpec {
  readonly kind: 'range';
  readonly from: number;
  readonly to: number;
}

/** What a unit explores. Exhaustive strategies add their own kinds (e.g. a DFS subtree). */
export type UnitSpec = RangeSpec | SubtreeSpec | FrontierSpec;

/** Nodes of one BFS level (harness/pool/bfs-levels.ts), each as its choice path from the root, in queue order. */
export interface FrontierSpec {
  readonly kind: 'frontier';
  readonly level: number;
  readonly paths: readonly (readonly string[])[];
}

/** A DPOR/DFS subtree below a fixed choice prefix (see harness/pool/plans.ts). */
export interface SubtreeSpec {
  readonly kind: 'subtree';
  /** Choice keys from the initial world to the subtree root. */
  readonly prefix: readonly string[];
  /** Strategy-specific plain data (sleep set, wakeup information, ...). */
  readonly data: unknown;
}

/** One unit of work. `ord` is its position in the plan: the merge order. */
export interface WorkUnit {
  readonly id: string;
  readonly ord: number;
  readonly spec: UnitSpec;
}

/**
 * Test hook, plain data so it crosses into workers: the worker running unit `unit` dies
 * (its thread exits) on attempts 1..`times`. times 1 → retried and succeeds; 2 → lost.
 */
export interface KillHook {
  readonly unit: string;
  readonly times: number;
}

/** What a worker receives. */
export interface UnitTask {
  readonly request: ExploreRequest;
  readonly unit: WorkUnit;
  /** 1 for the first try, 2 for the retry. */
  readonly attempt: number;
  readonly kill: KillHook | null;
}

/** A user-caused error raised inside a unit (RacelabError), carried back as data. */
export interface UnitError {
  readonly code: string;
  readonly message: string;
  readonly exit: 2 | 3;
}

/** What a worker returns for one unit: its outcome, or the user error it raised. */
export interface UnitResult {
  readonly id: string;
  readonly ord: number;
  readonly outcome: ExploreOutcome | null;
  readonly error: UnitError | null;
  /**
   * Plain data for the coordinator's next round (split DPOR: races handed back to prefix
   * frames); absent for strategies without rounds. Never part of a shard report.
   */
  readonly feedback?: unknown;
}

/** A unit's outcome with feedback for the coordinator (round-based splitters). */
export interface UnitRun {
  readonly outcome: ExploreOutcome;
  readonly feedback: unknown;
}

/** A unit that could not be completed: which, and why (after the retry). */
export interface LostUnit {
  readonly id: string;
  readonly ord: number;
  readonly reason: string;
}

/** Readable description of a unit, used in messages (`executions 300..399`). */
export function unitText(u: WorkUnit): string {
  if (u.spec.kind === 'range') return `unit ${u.id} (executions ${u.spec.from}..${u.spec.to - 1})`;
  if (u.spec.kind === 'frontier') return `unit ${u.id} (${u.spec.paths.length} states at depth ${u.spec.level})`;
  return `unit ${u.id} (subtree below ${u.spec.prefix.length === 0 ? 'the root' : `[${u.spec.prefix.join(', ')}]`})`;
}

/** Units to split `executionsMax` sampling executions into; independent of the worker count. */
export const RANGE_UNITS_TARGET = 64;
/** Executions per range unit at most, so long runs keep fine-grained retries and interrupts. */
export const RANGE_UNIT_EXECUTIONS_MAX = 500;

/** Splits executions [0, executionsMax) into contiguous range units of equal size. */
export function planRanges(executionsMax: number, unitsTarget = RANGE_UNITS_TARGET): WorkUnit[] {
  const size = Math.min(RANGE_UNIT_EXECUTIONS_MAX, Math.max(1, Math.ceil(executionsMax / unitsTarget)));
  const units: WorkUnit[] = [];
  for (let from = 0, ord = 0; from < executionsMax; from += size, ord++) {
    const to = Math.min(executionsMax, from + size);
    units.push({ id: `r${from}-${to - 1}`, ord, spec: { kind: 'range', from, to } });
  }
  return units;
}
