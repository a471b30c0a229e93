// Running a round-based split (split DPOR) on the pool: dispatch every unit of a round, wait for
// all of them, hand the round's results to the planner in ord order, repeat until it plans
// nothing. Owns the stop rules: a violation or user error in a round, a lost unit or an
// interrupt ends the rounds after that round (what a later round would explore depends on every
// result of this one). Completion order never reaches the planner, so the units, and every
// output byte, are the same for any worker count.
import type { ExploreRequest } from '../run.js';
import type { RoundPlanner } from './plans.js';
import { createPool, dispatchUnits, type DispatchOptions, type Dispatched } from './pool.js';
import type { UnitResult, WorkUnit } from './units.js';

/** What a round-based run dispatched: every unit of every round, and the dispatch record. */
export interface RoundsDispatched extends Dispatched {
  readonly units: WorkUnit[];
  /** The units of the last round dispatched. */
  readonly lastRound: WorkUnit[];
  readonly rounds: number;
}

/** Runs rounds of `planner` (groups that `keep` accepts) on one pool; see the header. */
export async function dispatchRounds(
  request: ExploreRequest, planner: RoundPlanner, opts: DispatchOptions, keep?: (group: number) => boolean,
): Promise<RoundsDispatched> {
  const inProcess = opts.inProcess ?? opts.workers === 1;
  const pool = opts.pool ?? (inProcess ? undefined : createPool(opts.workers));
  const all: WorkUnit[] = [];
  const results = new Map<number, UnitResult>();
  const lost: Dispatched['lost'] = [];
  const retried: Dispatched['retried'] = [];
  let interrupted = false;
  let rounds = 0;
  let lastRound: WorkUnit[] = [];
  try {
    let units = planner.next([], keep);
    while (units.length > 0) {
      rounds++;
      lastRound = units;
      all.push(...units);
      const d = await dispatchUnits(request, units, { ...opts, inProcess, ...(pool ? { pool } : {}) });
      for (const [ord, r] of d.results) results.set(ord, r);
      lost.push(...d.lost);
      retried.push(...d.retried);
      interrupted = d.interrupted;
      const stop = d.interrupted || d.lost.length > 0 || [...d.results.values()].some((r) => r.error || r.outcome?.violation);
      if (stop) break;
      units = planner.next(units.map((u) => d.results.get(u.ord)!), keep);
    }
  } finally {
    if (pool && !opts.pool) await pool.destroy();
  }
  return { units: all, lastRound, rounds, results, lost, retried, interrupted };
}
