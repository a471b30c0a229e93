// DPOR split into independent subtrees (`--split`), so one search can use many workers with the
// same result. Papers: sleep sets (Godefroid 1996) for the expanded top levels; source-set DPOR
// with sleep sets (Abdulla, Aronis, Jonsson & Sagonas, POPL 2014) below each prefix, through
// dporSearch(setup, cfg, start). Owns the plan (prefixes with sleep sets) and running one unit;
// why the scheme is sound, and its cost, are on planDpor.
import { choiceKey } from '../../sim/choice.js';
import { canonicalJson, type Json } from '../../sim/canonical.js';
import { faultCountsZero } from '../../sim/faults.js';
import { createWorld, enabled, type World } from '../../sim/world.js';
import { worldHash } from '../../sim/hash.js';
import { assert } from '../../sim/assert.js';
import { UsageError } from '../../sim/errors.js';
import { checkInvariants } from '../oracles.js';
import { dporSearch, type DporResult } from '../explore/dpor.js';
import { withinText } from '../explore/exhaustive.js';
import { dependent, invariantDeps, recordOf, stepEvent, type SearchEvent } from '../explore/search.js';
import type { BoundReport, ExploreOptions, ExploreOutcome } from '../explore/types.js';
import type { RunSetup } from '../setup.js';
import type { Splitter } from './plans.js';
import type { WorkUnit } from './units.js';

/** Prefixes to aim for; independent of the worker count so the plan is too. */
export const DPOR_UNITS_TARGET = 32;
/** Levels the plan expands at most. */
export const DPOR_SPLIT_DEPTH_MAX = 8;
/** DPOR mode of the units (see the header: source sets keep the split sound). */
export const DPOR_SPLIT_MODE = 'source';

/** Unit data of a DPOR subtree: its sleep set, and whether the prefix itself violates. */
export interface DporUnitData {
  readonly sleep: readonly SearchEvent[];
  readonly violates: boolean;
}

interface Node {
  readonly prefix: readonly string[];
  readonly world: World;
  readonly sleep: readonly SearchEvent[];
  readonly leaf: boolean;
  readonly violates: boolean;
}

function expand(n: Node, setup: RunSetup, opts: ExploreOptions, deps: ReturnType<typeof invariantDeps>): Node[] {
  const list = enabled(n.world);
  if (list.length === 0 || n.prefix.length >= opts.depthMax) return [{ ...n, leaf: true }];
  const sleep = [...n.sleep];
  const out: Node[] = [];
  for (const c of list) {
    const key = choiceKey(c);
    if (sleep.some((q) => q.key === key)) continue;
    const r = stepEvent(n.world, c, deps);
    const violates = checkInvariants(setup.scenario, r.world) !== null;
    out.push({ prefix: [...n.prefix, key], world: r.world, sleep: sleep.filter((q) => !dependent(q, r.event)), leaf: violates, violates });
    sleep.push(r.event);
  }
  // Every enabled choice asleep: a sleep-set-blocked leaf, left for dporSearch to count.
  return out.length > 0 ? out : [{ ...n, leaf: true }];
}

/**
 * Keeps the first node (in DFS order) per (world, sleep set). Below a fixed prefix dporSearch
 * depends only on the world the prefix reaches and the sleep set it starts with (races with prefix
 * events are dropped, see above), so such nodes have the same subtree; invariants along each
 * prefix were already checked by expand().
 */
function firstPerWorld(nodes: readonly Node[]): Node[] {
  const seen = new Set<string>();
  return nodes.filter((n) => {
    const h = `${n.prefix.length}:${worldHash(n.world)}:${canonicalJson(n.sleep as unknown as Json)}`;
    if (seen.has(h)) return false;
    seen.add(h);
    return true;
  });
}

/**
 * The units of a split DPOR search: prefixes in DFS order, with their sleep sets. The first levels
 * are fully expanded (every enabled choice not asleep after its earlier siblings) until there are
 * `unitsTarget` prefixes or DPOR_SPLIT_DEPTH_MAX levels. Soundness: a race found below a prefix
 * whose reversal belongs at a frame inside the prefix (dporSearch's `handoff`, dropped here) is
 * covered because that frame is fully expanded — an initial of the reversal is a sibling unit or
 * asleep (covered by an earlier sibling): the source-set condition. Optimal DPOR needs the whole
 * wakeup sequence instead; optimal-mode subtrees started this way lost terminal states
 * (lastzero(3): 5 of 12), hence DPOR_SPLIT_MODE. Cost: the expanded levels are not reduced by
 * races, so a split search may explore more executions than one unsplit search (measured in
 * docs/distributed.md). Depends only on the request, never on the worker count.
 */
export function planDpor(setup: RunSetup, opts: ExploreOptions, unitsTarget = DPOR_UNITS_TARGET): WorkUnit[] {
  // The prefix levels are not preemption-bounded and a time budget would make units differ per
  // run, so neither bound is accepted rather than silently ignored.
  if (opts.preemptionsMax !== undefined || opts.durationMsMax !== undefined) {
    throw new UsageError('--split does not support --preemptions or --time-ms yet; drop them, or drop --split');
  }
  const deps = invariantDeps(setup.scenario);
  const w0 = createWorld(setup.spec);
  const bad = checkInvariants(setup.scenario, w0) !== null;
  let frontier: Node[] = [{ prefix: [], world: w0, sleep: [], leaf: bad, violates: bad }];
  for (let d = 0; d < DPOR_SPLIT_DEPTH_MAX && frontier.length < unitsTarget && frontier.some((n) => !n.leaf); d++) {
    frontier = firstPerWorld(frontier.flatMap((n) => (n.leaf ? [n] : expand(n, setup, opts, deps))));
  }
  return frontier.map((n, ord) => ({
    id: `d${ord}`, ord, spec: { kind: 'subtree', prefix: n.prefix, data: { sleep: n.sleep, violates: n.violates } satisfies DporUnitData },
  }));
}

/** The bounds that cut one unit's search, named with the unit (harness/explore/exhaustive.ts's words). */
function cutsOf(r: DporResult, opts: ExploreOptions, unit: WorkUnit): BoundReport['cuts'] {
  const cuts: BoundReport['cuts'][number][] = [];
  if (r.executionsCutByDepth > 0) cuts.push({ bound: 'depthMax', limit: opts.depthMax, cut: `unit ${unit.id}: ${r.executionsCutByDepth} executions cut at depth ${opts.depthMax}` });
  if (r.branchesCutByPreemptions > 0) cuts.push({ bound: 'preemptionsMax', limit: opts.preemptionsMax ?? 0, cut: `unit ${unit.id}: ${r.branchesCutByPreemptions} branches not explored (more preemptions)` });
  if (r.stoppedBy) cuts.push({ bound: 'executionsMax', limit: opts.executionsMax, cut: `unit ${unit.id}: stopped after ${opts.executionsMax} executions; ${r.branchesPending} scheduled branches left unexplored` });
  return cuts;
}

/** Runs one DPOR subtree unit. Executions = complete + sleep-set blocked + cut by depth (+1 for a violating prefix). */
export function runDporUnit(setup: RunSetup, opts: ExploreOptions, unit: WorkUnit): ExploreOutcome {
  assert(unit.spec.kind === 'subtree', `dpor splitter got a ${unit.spec.kind} unit`);
  const data = unit.spec.data as DporUnitData;
  const base = { strategy: opts.strategy, faultsFired: faultCountsZero() };
  if (data.violates) {
    const rec = recordOf(setup, 0, unit.spec.prefix);
    assert(rec.violation !== null, `dpor unit ${unit.id}: planned violation did not reproduce`);
    return { ...base, executions: 1, steps: rec.steps, terminal: 0, depthCut: 0, faultsFired: rec.faults, stats: { splitUnits: 1 }, complete: false, violation: rec, bounded: { within: withinText(setup, opts), cuts: [] } };
  }
  const r = dporSearch(
    setup,
    { mode: DPOR_SPLIT_MODE, depthMax: opts.depthMax, executionsMax: opts.executionsMax, preemptionsMax: opts.preemptionsMax },
    { prefix: unit.spec.prefix, sleep: data.sleep, wakeup: [] },
  );
  const executions = r.executionsComplete + r.executionsSleepBlocked + r.executionsCutByDepth + r.executionsStoppedByViolation;
  const violation = r.violationChoices ? recordOf(setup, Math.max(0, executions - 1), r.violationChoices) : null;
  return {
    ...base,
    executions,
    steps: r.steps,
    terminal: r.executionsComplete,
    depthCut: r.executionsCutByDepth,
    faultsFired: r.faultsFired,
    stats: {
      branchesCutByPreemptions: r.branchesCutByPreemptions, branchesPending: r.branchesPending, executionsComplete: r.executionsComplete,
      executionsCutByBound: r.executionsCutByDepth, executionsSleepBlocked: r.executionsSleepBlocked, splitUnits: 1,
    },
    complete: violation === null && cutsOf(r, opts, unit).length === 0,
    violation,
    bounded: { within: withinText(setup, opts), cuts: cutsOf(r, opts, unit) },
  };
}

/** DPOR split into subtrees (bound executionsMax applies per unit). */
export const dporSplitter: Splitter = { mode: 'subtree', plan: (setup, opts) => planDpor(setup, opts), run: runDporUnit };
