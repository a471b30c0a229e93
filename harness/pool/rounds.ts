// Running a round-based split (split DPOR, bfs levels) on the pool: dispatch every unit of a
// round (one Dispatcher shared by all groups; the planner's priority picks which waiting unit
// starts next), wait for all of them, hand the round's results to the planner in ord order,
// repeat until it plans nothing; independent groups each run their own rounds at once. Owns the stop
// rules: a violation or user error in a round, a lost unit or an interrupt ends the rounds after
// that round (what a later round would explore depends on every result of this one). Completion
// order never reaches the planner, so the units, and every output byte, are the same for any
// worker count.
import type { ExploreRequest } from '../run.js';
import type { RoundPlanner } from './plans.js';
import { Dispatcher, type DispatchOptions, type Dispatched } from './pool.js';
import type { UnitResult, WorkUnit } from './units.js';

/** What a round-based run dispatched: every unit of every round, and the dispatch record. */
export interface RoundsDispatched extends Dispatched {
  readonly units: WorkUnit[];
  /** The units of the last round dispatched. */
  readonly lastRound: WorkUnit[];
  readonly rounds: number;
}

/**
 * Runs rounds of `planner` (groups that `keep` accepts) on one pool; see the header. A planner
 * whose groups never exchange results (RoundPlanner.groupIds: split dpor) runs each group's
 * rounds on its own, all groups at once, so a worker never idles at a round boundary while
 * another group has work; any other planner (bfs levels) runs as one sequence of rounds. The
 * stop rule stays deterministic: once some group's round r held a violation, an error or a lost
 * unit, no group starts a round after r, but every group still runs its rounds up to r, and a
 * later round a group finished before the stop was known is dropped. Units are ordered
 * round-major (ord) and the merge walks them in ord order up to the first violation or gap, so
 * the result is the one all groups in step give, for any worker count and timing.
 */
export async function dispatchRounds(
  request: ExploreRequest, planner: RoundPlanner, opts: DispatchOptions, keep: (group: number) => boolean = () => true,
): Promise<RoundsDispatched> {
  const sequences = planner.groupIds ? planner.groupIds().filter(keep).map((g) => (x: number) => x === g) : [keep];
  const dispatcher = new Dispatcher(request, opts);
  const priority = planner.priority?.bind(planner);
  const all: WorkUnit[] = [];
  const results = new Map<number, UnitResult>();
  const lost: Dispatched['lost'] = [];
  const retried: Dispatched['retried'] = [];
  const roundOf = new Map<number, number>();
  let interrupted = false;
  let stopRound = Infinity;
  let rounds = 0;
  let lastRound: WorkUnit[] = [];
  const runSequence = async (mine: (group: number) => boolean): Promise<void> => {
    let units = planner.next([], mine);
    for (let round = 0; units.length > 0 && round <= stopRound && !interrupted; round++) {
      rounds = Math.max(rounds, round + 1);
      lastRound = units;
      for (const u of units) roundOf.set(u.ord, round);
      all.push(...units);
      const d = await dispatcher.submit(units, priority);
      for (const [ord, r] of d.results) results.set(ord, r);
      lost.push(...d.lost);
      retried.push(...d.retried);
      if (d.interrupted) interrupted = true;
      if (d.interrupted || d.lost.length > 0 || [...d.results.values()].some((r) => r.error || r.outcome?.violation)) {
        stopRound = Math.min(stopRound, round);
        return;
      }
      units = planner.next(units.map((u) => d.results.get(u.ord)!), mine);
    }
  };
  try {
    await Promise.all(sequences.map(runSequence));
  } finally {
    await dispatcher.close();
  }
  const kept = (ord: number): boolean => (roundOf.get(ord) ?? 0) <= stopRound;
  for (const ord of [...results.keys()]) if (!kept(ord)) results.delete(ord);
  const byOrd = (x: { ord: number }, y: { ord: number }): number => x.ord - y.ord;
  return {
    units: all.filter((u) => kept(u.ord)).sort(byOrd),
    lastRound: sequences.length === 1 ? lastRound : [],
    rounds: Math.min(rounds, stopRound + 1),
    results,
    lost: lost.filter((l) => kept(l.ord)).sort(byOrd),
    retried: retried.filter((l) => kept(l.ord)).sort(byOrd),
    interrupted,
  };
}
