// DPOR split into subtrees (`--split`), so one search can use many workers with the same result.
// Paper: source-set DPOR with sleep sets (Abdulla, Aronis, Jonsson & Sagonas, POPL 2014) below
// each prefix, through dporSearch(setup, cfg, start). Owns running one unit (its outcome, and the
// races it hands back to its prefix frames) and the splitter; the coordinator's prefix tree and
// rounds are in harness/pool/dpor-rounds.ts.
import { faultCountsZero } from '../../sim/faults.js';
import { assert } from '../../sim/assert.js';
import { UsageError } from '../../sim/errors.js';
import { dporSearch, type DporResult } from '../explore/dpor.js';
import { withinText } from '../explore/exhaustive.js';
import { recordOf, type Collected } from '../explore/search.js';
import { initials } from '../explore/wakeup.js';
import type { BoundReport, ExploreOptions, ExploreOutcome } from '../explore/types.js';
import type { RunSetup } from '../setup.js';
import type { Splitter } from './plans.js';
import type { UnitRun, WorkUnit } from './units.js';
import { DporRounds, type DporFeedback, type DporUnitData, type SplitShape } from './dpor-rounds.js';

export type { DporUnitData } from './dpor-rounds.js';

/** DPOR mode of the units: source sets, so a race handed back needs one initial, not a wakeup sequence. */
export const DPOR_SPLIT_MODE = 'source';

/** Refuses bounds a split search cannot honour per unit. */
function checkBounds(opts: ExploreOptions): void {
  // The prefix levels are not preemption-bounded and a time budget would make units differ per
  // run, so neither bound is accepted rather than silently ignored.
  if (opts.preemptionsMax !== undefined || opts.durationMsMax !== undefined) {
    throw new UsageError('--split does not support --preemptions or --time-ms yet; drop them, or drop --split');
  }
}

/** The first round's units of a split DPOR search (every group); depends only on the request. */
export function planDpor(setup: RunSetup, opts: ExploreOptions): WorkUnit[] {
  checkBounds(opts);
  return new DporRounds(setup, opts).next([]);
}

/** The bounds that cut one unit's search, named with the unit (harness/explore/exhaustive.ts's words). */
function cutsOf(r: DporResult, opts: ExploreOptions, unit: WorkUnit): BoundReport['cuts'] {
  const cuts: BoundReport['cuts'][number][] = [];
  if (r.executionsCutByDepth > 0) cuts.push({ bound: 'depthMax', limit: opts.depthMax, cut: `unit ${unit.id}: ${r.executionsCutByDepth} executions cut at depth ${opts.depthMax}` });
  if (r.branchesCutByPreemptions > 0) cuts.push({ bound: 'preemptionsMax', limit: opts.preemptionsMax ?? 0, cut: `unit ${unit.id}: ${r.branchesCutByPreemptions} branches not explored (more preemptions)` });
  if (r.stoppedBy === 'executions') cuts.push({ bound: 'executionsMax', limit: opts.executionsMax, cut: `unit ${unit.id}: stopped after ${opts.executionsMax} executions; ${r.branchesPending} scheduled branches left unexplored` });
  return cuts;
}

/**
 * Handoffs a unit keeps: at frames from `handoffFrom` on, as the initials of each race's
 * reversal (all the coordinator's source-set insertion reads), each (depth, initials) once, in
 * discovery order. Dropping a repeat changes nothing: after the first, one of its initials is
 * scheduled at that frame, so a second insertion is a no-op. Sending initials instead of whole
 * sequences keeps results small (readers(15): 5.4 MB of sequences became a few KB).
 */
function handoffOf(r: DporResult, handoffFrom: number): DporFeedback {
  const seen = new Set<string>();
  const handoff: DporFeedback['handoff'][number][] = [];
  for (const h of r.handoff) {
    if (h.depth < handoffFrom) continue;
    const init = initials(h.sequence);
    const k = `${h.depth}:${init.join(' ')}`;
    if (seen.has(k)) continue;
    seen.add(k);
    handoff.push({ depth: h.depth, initials: init });
  }
  return { handoff, rest: r.rest };
}

/**
 * Runs one DPOR subtree unit. Executions = complete + sleep-set blocked + cut by depth (+1 for a
 * violating prefix). The feedback holds the races whose reversal point is a frame of the prefix.
 * `collect` (differential tests) records every violation and terminal state instead of stopping.
 */
export function runDporUnit(setup: RunSetup, opts: ExploreOptions, unit: WorkUnit, collect?: Collected): UnitRun {
  assert(unit.spec.kind === 'subtree', `dpor splitter got a ${unit.spec.kind} unit`);
  const data = unit.spec.data as DporUnitData;
  const base = { strategy: opts.strategy, faultsFired: faultCountsZero() };
  if (data.violates) {
    const rec = recordOf(setup, 0, unit.spec.prefix);
    assert(rec.violation !== null, `dpor unit ${unit.id}: planned violation did not reproduce`);
    const outcome: ExploreOutcome = { ...base, executions: 1, steps: rec.steps, terminal: 0, depthCut: 0, faultsFired: rec.faults, stats: { splitUnits: 1 }, complete: false, violation: rec, bounded: { within: withinText(setup, opts), cuts: [] } };
    return { outcome, feedback: { handoff: [], rest: [] } };
  }
  const r = dporSearch(
    setup,
    {
      mode: DPOR_SPLIT_MODE, depthMax: opts.depthMax, executionsMax: opts.executionsMax, preemptionsMax: opts.preemptionsMax,
      chunkExecutions: data.chunk, ...(collect ? { collect } : {}),
    },
    { prefix: unit.spec.prefix, sleep: data.sleep, wakeup: [] },
  );
  const executions = r.executionsComplete + r.executionsSleepBlocked + r.executionsCutByDepth + r.executionsStoppedByViolation;
  const violation = r.violationChoices ? recordOf(setup, Math.max(0, executions - 1), r.violationChoices) : null;
  const outcome: ExploreOutcome = {
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
  return { outcome, feedback: handoffOf(r, data.handoffFrom) };
}

/**
 * DPOR split into subtrees, explored in rounds (bound executionsMax applies per unit). `plan` is
 * the first round (all groups); `rounds` gives the planner that absorbs handoffs and plans the
 * next rounds; a shard runs the groups `shardOf` assigns it.
 */
export const dporSplitter: Splitter = {
  mode: 'subtree',
  plan: (setup, opts) => planDpor(setup, opts),
  run: runDporUnit,
  rounds: (setup, opts) => {
    checkBounds(opts);
    const planner = new DporRounds(setup, opts);
    return {
      next: (results, keep) => planner.next(results.map((r) => ({ ord: r.ord, feedback: (r.feedback as DporFeedback | undefined) ?? null })), keep),
      groupIds: () => planner.groupIds(),
      priority: (unit) => planner.priority(unit),
    };
  },
  shardOf: (unit, count) => DporRounds.groupOf(unit) % count,
};

/** Totals of an in-process split search (tests and measurements): executions and rounds. */
export interface SplitTotals {
  readonly executions: number;
  readonly executionsComplete: number;
  readonly units: number;
  readonly rounds: number;
}

/** Runs a whole split search in this thread, round by round, collecting (for differential tests). */
export function splitSearchInProcess(setup: RunSetup, opts: ExploreOptions, collect: Collected | null = null, shape?: SplitShape): SplitTotals {
  const planner = new DporRounds(setup, opts, collect, shape);
  let executions = 0, executionsComplete = 0, units = 0, rounds = 0;
  let round = planner.next([]);
  while (round.length > 0) {
    rounds++;
    units += round.length;
    const fb = round.map((u) => {
      const r = runDporUnit(setup, opts, u, collect ?? undefined);
      executions += r.outcome.executions;
      executionsComplete += r.outcome.stats.executionsComplete ?? 0;
      return { ord: u.ord, feedback: r.feedback as DporFeedback };
    });
    round = planner.next(fb);
  }
  return { executions, executionsComplete, units, rounds };
}
