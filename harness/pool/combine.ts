// Deterministic merge of unit results into one ExploreOutcome, in plan order (`ord`), never in
// completion order. Owns the rule that makes a parallel run equal the sequential one: walk the
// units in plan order, add their counts, and stop at the first unit that found a violation (or
// raised a user error) — for sampling that is the least violating execution index, because a
// range unit stops at the first violation inside it. A missing unit before that point (lost,
// interrupted, in another shard) stops the walk: what follows cannot be claimed.
import { faultCountsZero } from '../../sim/faults.js';
import { InconclusiveError, RacelabError, UsageError } from '../../sim/errors.js';
import type { ExploreOutcome } from '../explore/types.js';
import { addFaultCounts } from '../../sim/faults.js';
import type { UnitError, UnitResult, WorkUnit } from './units.js';

/** The merged outcome, and the first unit the walk could not pass (null when none). */
export interface Combined {
  readonly outcome: ExploreOutcome;
  /** First unit in plan order without a result, before any violation; null when none. */
  readonly gap: WorkUnit | null;
  /** Units whose results lie after the gap (run, but not counted). */
  readonly afterGap: readonly UnitResult[];
}

/** Rebuilds the user error a unit raised, so it surfaces exactly as in a sequential run. */
export function errorOf(e: UnitError): RacelabError {
  if (e.code === 'E_USAGE') return new UsageError(e.message);
  if (e.exit === 3) return new InconclusiveError(e.code, e.message);
  return new RacelabError(e.code, e.message, e.exit);
}

function addStats(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/**
 * Merges `results` (any order, any subset) for the plan `units` of `strategy`. Throws the
 * user error of the first erroring unit reached, as the sequential run would have.
 */
export function combineResults(strategy: string, units: readonly WorkUnit[], results: ReadonlyMap<number, UnitResult>): Combined {
  let out: ExploreOutcome = {
    strategy, executions: 0, steps: 0, terminal: 0, depthCut: 0, faultsFired: faultCountsZero(), stats: {}, complete: true, violation: null,
  };
  const ordered = [...units].sort((a, b) => a.ord - b.ord);
  const only = ordered.length === 1 ? results.get(ordered[0]!.ord) : undefined;
  if (only) {
    // One unit holds the whole exploration: its outcome is the run's, field for field.
    if (only.error) throw errorOf(only.error);
    return { outcome: only.outcome!, gap: null, afterGap: [] };
  }
  for (let k = 0; k < ordered.length; k++) {
    const unit = ordered[k]!;
    const r = results.get(unit.ord);
    if (!r) {
      const afterGap = ordered.slice(k + 1).map((u) => results.get(u.ord)).filter((x): x is UnitResult => x !== undefined);
      return { outcome: { ...out, complete: false }, gap: unit, afterGap };
    }
    if (r.error) throw errorOf(r.error);
    const o = r.outcome!;
    out = {
      strategy,
      executions: out.executions + o.executions,
      steps: out.steps + o.steps,
      terminal: out.terminal + o.terminal,
      depthCut: out.depthCut + o.depthCut,
      faultsFired: addFaultCounts(out.faultsFired, o.faultsFired),
      stats: addStats(out.stats, o.stats),
      complete: out.complete && o.complete,
      violation: o.violation,
      ...(o.bounded ? { bounded: { within: o.bounded.within, cuts: [...(out.bounded?.cuts ?? []), ...o.bounded.cuts] } } : {}),
    };
    if (o.violation) return { outcome: out, gap: null, afterGap: [] };
  }
  return { outcome: out, gap: null, afterGap: [] };
}

/** The plan position of the first unit with a violation or error, or Infinity. */
export function firstStopOrd(results: Iterable<UnitResult>): number {
  let min = Infinity;
  for (const r of results) if ((r.error || r.outcome?.violation) && r.ord < min) min = r.ord;
  return min;
}
