// The coordinator: one exploration run across a worker pool, or one shard of it.
// Owns: resolving the request once, planning units (harness/pool/plans.ts), dispatching them
// (harness/pool/pool.ts), and merging in plan order (harness/pool/combine.ts) into the same
// summary and counterexample a sequential run writes; or, with a shard, the shard report that
// `racelab merge` joins. Retried and lost units are returned so the caller can print them.
import type { Json } from '../../sim/canonical.js';
import type { ExploreRequest, ExploreRun } from '../run.js';
import { buildShardReport, shardUnits, type ShardReport, type ShardSpec } from '../shard.js';
import { combineResults, errorOf, type Combined } from './combine.js';
import type { ExploreOutcome } from '../explore/types.js';
import { finishRun } from './finish.js';
import { dispatchUnits, defaultWorkers, type Dispatched, type UnitPool } from './pool.js';
import { dispatchRounds, type RoundsDispatched } from './rounds.js';
import { splitterFor, type PoolRequest } from './plans.js';
import { resolvedOf } from './task.js';
import type { KillHook, LostUnit, UnitResult, WorkUnit } from './units.js';

/** How to run in parallel. */
export interface ParallelOptions {
  /** Worker threads (default: available cores). */
  readonly workers?: number;
  /** Force a pool even for one worker (benchmarks), or the calling thread for any count. */
  readonly inProcess?: boolean;
  readonly signal?: AbortSignal;
  readonly kill?: KillHook | null;
  readonly onResult?: (r: UnitResult) => void;
  /** A started pool to use and leave running (tests and benchmarks share one). */
  readonly pool?: UnitPool;
  /** Called once the plan is made, before any unit runs (the CLI announces the run). */
  readonly onPlan?: (units: number, split: boolean) => void;
}

/** Bookkeeping of a parallel run; none of it enters canonical artifacts. */
export interface PoolNotes {
  readonly workers: number;
  readonly units: number;
  /** False when the strategy has no parallel split and ran as one unit. */
  readonly split: boolean;
  readonly retried: readonly LostUnit[];
  readonly lost: readonly LostUnit[];
  readonly interrupted: boolean;
}

/** A whole run: the same fields as runExplore's result, plus pool notes. */
export interface ParallelRun extends ExploreRun {
  readonly notes: PoolNotes;
}

/** One shard's run. */
export interface ShardRun {
  readonly report: ShardReport;
  readonly notes: PoolNotes;
}

/** The request as plain JSON data (no undefined fields), safe to send to workers and hash. */
export function plainRequest(req: PoolRequest): PoolRequest {
  return JSON.parse(JSON.stringify(req)) as PoolRequest;
}

function resolveAll(req: PoolRequest) {
  const request = plainRequest(req);
  const { setup, options } = resolvedOf(request);
  const splitter = splitterFor(options.strategy, request.split === true);
  return { request, setup, options, splitter, plan: splitter.plan(setup, options) };
}

function notesOf(d: Dispatched, workers: number, units: number, split: boolean): PoolNotes {
  return { workers, units, split, retried: d.retried, lost: d.lost, interrupted: d.interrupted };
}

function gapReasons(d: Dispatched): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of d.lost) m.set(l.id, `was lost (${l.reason})`);
  if (d.interrupted) m.set('*', 'was not completed: the run was interrupted (SIGINT)');
  return m;
}

/**
 * The combined outcome of a planner that merges the search itself (bfs levels): its outcome when
 * every unit came back; else the first user error (as a sequential run would raise it), or a gap
 * at the first lost or unrun unit of the last round (nothing after it is claimed).
 */
function plannerCombined(outcome: ExploreOutcome, d: RoundsDispatched): Combined {
  const failed = [...d.results.values()].filter((r) => r.error).sort((a, b) => a.ord - b.ord)[0];
  if (failed?.error) throw errorOf(failed.error);
  const gap = d.lastRound.find((u) => !d.results.has(u.ord)) ?? null;
  return gap ? { outcome: { ...outcome, complete: false }, gap, afterGap: [] } : { outcome, gap: null, afterGap: [] };
}

/** Runs a whole exploration on a pool; byte-identical artifacts for any worker count. */
export async function runParallel(req: PoolRequest, opts: ParallelOptions = {}): Promise<ParallelRun> {
  const { request, setup, options, splitter, plan } = resolveAll(req);
  const workers = opts.workers ?? defaultWorkers();
  opts.onPlan?.(plan.length, splitter.mode !== 'whole');
  const rounds = splitter.rounds?.(setup, options);
  const r = rounds ? await dispatchRounds(request, rounds, { ...opts, workers }) : null;
  const d: Dispatched = r ?? await dispatchUnits(request, plan, { ...opts, workers });
  const units = r?.units ?? plan;
  const combined = r && rounds?.outcome ? plannerCombined(rounds.outcome(), r) : combineResults(options.strategy, units, d.results);
  const reasons = gapReasons(d);
  if (combined.gap && !reasons.has(combined.gap.id)) reasons.set(combined.gap.id, reasons.get('*') ?? 'was not run');
  const run = finishRun(request, setup, options, combined, reasons);
  return { ...run, notes: notesOf(d, workers, units.length, splitter.mode !== 'whole') };
}

/** Runs shard `shard` of an exploration and returns its report (no verdict). */
export async function runShard(req: PoolRequest, shard: ShardSpec, opts: ParallelOptions = {}): Promise<ShardRun> {
  const { request, setup, options, splitter, plan } = resolveAll(req);
  const workers = opts.workers ?? defaultWorkers();
  const first: WorkUnit[] = shardUnits(plan, shard, splitter.shardOf);
  opts.onPlan?.(first.length, splitter.mode !== 'whole');
  // Round-based splits with groups: the shard runs its own groups' rounds (groups never exchange
  // races). Without groups (bfs levels) the shard runs the plan's single unit.
  const rounds = splitter.shardOf ? splitter.rounds?.(setup, options) : null;
  const keep = (group: number): boolean => group % shard.count === shard.index;
  const d: Dispatched & { units?: WorkUnit[] } = rounds ? await dispatchRounds(request, rounds, { ...opts, workers }, keep) : await dispatchUnits(request, first, { ...opts, workers });
  const mine = d.units ?? first;
  const lostIds = new Set(d.lost.map((l) => l.ord));
  const notRun = mine
    .filter((u) => !d.results.has(u.ord) && !lostIds.has(u.ord))
    .map((u) => ({ id: u.id, ord: u.ord, reason: d.interrupted ? 'interrupted (SIGINT)' : 'after a violation found earlier in this shard' }));
  const results = [...d.results.values()].map(({ feedback: _f, ...r }) => r);
  const report = buildShardReport(request as ExploreRequest & Json, setup, options, shard, plan, results, d.lost, notRun, rounds ? mine : undefined);
  return { report, notes: notesOf(d, workers, mine.length, splitter.mode !== 'whole') };
}
