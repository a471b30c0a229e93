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
  if (planner.groupIds) return dispatchGroupRounds(request, planner, planner.groupIds().filter(keep ?? (() => true)), opts);
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

/**
 * Rounds of a planner whose groups are independent: each group runs its own rounds, all groups
 * at once on one pool. The stop rule stays deterministic: once some group's round r held a
 * violation, an error or a lost unit, no group starts a round after r, but every group still
 * runs its rounds up to r. Units are ordered round-major (ord), and the merge walks them in ord
 * order and stops at the first violation or gap, so everything before that point has run —
 * exactly the units the all-groups-in-step schedule runs, for any worker count.
 */
async function dispatchGroupRounds(request: ExploreRequest, planner: RoundPlanner, groups: readonly number[], opts: DispatchOptions): Promise<RoundsDispatched> {
  const inProcess = opts.inProcess ?? opts.workers === 1;
  const pool = opts.pool ?? (inProcess ? undefined : createPool(opts.workers));
  const all: WorkUnit[] = [];
  const results = new Map<number, UnitResult>();
  const lost: Dispatched['lost'] = [];
  const retried: Dispatched['retried'] = [];
  let interrupted = false;
  let stopRound = Infinity;
  let rounds = 0;
  const roundOf = new Map<number, number>();
  const runGroup = async (group: number): Promise<void> => {
    let units = planner.next([], (g) => g === group);
    for (let round = 0; units.length > 0 && round <= stopRound && !interrupted; round++) {
      rounds = Math.max(rounds, round + 1);
      for (const u of units) roundOf.set(u.ord, round);
      all.push(...units);
      const d = await dispatchUnits(request, units, { ...opts, inProcess, ...(pool ? { pool } : {}) });
      for (const [ord, r] of d.results) results.set(ord, r);
      lost.push(...d.lost);
      retried.push(...d.retried);
      if (d.interrupted) interrupted = true;
      if (d.interrupted || d.lost.length > 0 || [...d.results.values()].some((r) => r.error || r.outcome?.violation)) {
        stopRound = Math.min(stopRound, round);
        return;
      }
      units = planner.next(units.map((u) => d.results.get(u.ord)!), (g) => g === group);
    }
  };
  try {
    await Promise.all(groups.map(runGroup));
  } finally {
    if (pool && !opts.pool) await pool.destroy();
  }
  // A group may have finished a round after stopRound before the stop was known: drop it, so
  // what is reported does not depend on timing.
  const kept = (ord: number): boolean => (roundOf.get(ord) ?? 0) <= stopRound;
  for (const ord of [...results.keys()]) if (!kept(ord)) results.delete(ord);
  const byOrd = (a: { ord: number }, b: { ord: number }): number => a.ord - b.ord;
  return {
    units: all.filter((u) => kept(u.ord)).sort(byOrd), lastRound: [], rounds: Math.min(rounds, stopRound + 1), results,
    lost: lost.filter((l) => kept(l.ord)).sort(byOrd), retried: retried.filter((l) => kept(l.ord)).sort(byOrd), interrupted,
  };
}
