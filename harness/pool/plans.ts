// Splitting an exploration into work units, per strategy, and running one unit.
// Owns: the table of strategies that can run in parallel (a Splitter each: plan the units from
// the request alone, run one unit) — sampling explorers split by execution-index ranges, since
// execution i depends only on (seed, i); DPOR splits into subtrees only when the request asks for
// it (`split`: it explores more executions than one search, see harness/pool/dpor-split.ts). A
// strategy without a split runs as one unit holding the whole exploration, so it is correct on
// any worker count, just not parallel.
import { randomRange } from '../explore/random.js';
import { pctChooser, PCT_BUG_DEPTH_DEFAULT } from '../explore/pct.js';
import { swarmChooser } from '../explore/swarm.js';
import { sampleRange } from '../explore/sampling.js';
import { findExplorer } from '../explore/registry.js';
import type { ExploreOptions, ExploreOutcome } from '../explore/types.js';
import type { RunSetup } from '../setup.js';
import { assert } from '../../sim/assert.js';
import { UsageError } from '../../sim/errors.js';
import type { ExploreRequest } from '../run.js';
import { planRanges, type UnitResult, type UnitRun, type WorkUnit } from './units.js';
import { dporSplitter } from './dpor-split.js';
import { BfsLevels, runFrontierUnit } from './bfs-levels.js';

/** How one strategy is split and how a unit of it runs. */
export interface Splitter {
  /**
   * 'range': execution-index ranges whose outcomes add up to the sequential run's exactly;
   * 'subtree': DFS subtrees (harness/pool/dpor-split.ts); 'levels': BFS frontier partitions
   * (harness/pool/bfs-levels.ts; one unit when sharded); 'whole': one unit, not parallel.
   */
  readonly mode: 'range' | 'subtree' | 'levels' | 'whole';
  /** The units (round-based splitters: the first round's, of every group). */
  plan(setup: RunSetup, opts: ExploreOptions): WorkUnit[];
  run(setup: RunSetup, opts: ExploreOptions, unit: WorkUnit): ExploreOutcome | UnitRun;
  /**
   * Round-based splitters (split DPOR): a fresh planner whose `next` absorbs a finished round's
   * results (in ord order) and returns the next round's units for the groups `keep` accepts
   * (the first call, with [], returns the first round); [] when the search is done.
   */
  rounds?(setup: RunSetup, opts: ExploreOptions): RoundPlanner | null;
  /** The shard (of `count`) a unit belongs to; default ord mod count. */
  shardOf?(unit: WorkUnit, count: number): number;
}

/** Plans rounds of units from the previous round's results (see Splitter.rounds). */
export interface RoundPlanner {
  next(results: readonly UnitResult[], keep?: (group: number) => boolean): WorkUnit[];
  /**
   * Planners whose groups never exchange results (split dpor): the group indices. Each group
   * then advances through its rounds on its own (harness/pool/rounds.ts), so a worker never
   * idles at a round boundary while another group has work.
   */
  groupIds?(): readonly number[];
  /**
   * When units of several groups wait for a worker, lower keys start first (default: ord). Only
   * timing depends on it. Split dpor starts likely-larger subtrees first (earlier groups, earlier
   * branches), so the longest chain of rounds is not left for last.
   */
  priority?(unit: WorkUnit): number;
  /**
   * Planners that merge the search themselves (bfs levels): the run's outcome once the rounds
   * ended. Without it the unit outcomes are combined in ord order (harness/pool/combine.ts).
   */
  outcome?(): ExploreOutcome;
}

type RangeFn = (setup: RunSetup, opts: ExploreOptions, from: number, to: number) => ExploreOutcome;

/** A sampling splitter over a range function that stops at the first violation in its range. */
export function rangeSplitter(range: RangeFn): Splitter {
  return {
    mode: 'range',
    plan: (_setup, opts) => planRanges(opts.executionsMax),
    run(setup, opts, unit) {
      assert(unit.spec.kind === 'range', `range splitter got a ${unit.spec.kind} unit`);
      return range(setup, opts, unit.spec.from, unit.spec.to);
    },
  };
}

/** One unit holding the whole exploration (strategies without a parallel split). */
export const wholeSplitter: Splitter = {
  mode: 'whole',
  plan: () => [{ id: 'all', ord: 0, spec: { kind: 'subtree', prefix: [], data: null } }],
  run(setup, opts) {
    const explorer = findExplorer(opts.strategy);
    assert(explorer !== undefined, `no explorer '${opts.strategy}'`);
    return explorer.explore(setup, opts);
  },
};

/**
 * bfs: level-parallel on a pool (byte-identical to the sequential bfs); one unit when sharded
 * (no shardOf) or with a time budget (a deadline cannot be merged deterministically).
 */
export const bfsSplitter: Splitter = {
  mode: 'levels',
  plan: wholeSplitter.plan,
  run: (setup, opts, unit) => (unit.spec.kind === 'frontier' ? runFrontierUnit(setup, opts, unit) : wholeSplitter.run(setup, opts, unit)),
  rounds: (setup, opts) => (opts.durationMsMax === undefined ? new BfsLevels(setup, opts) : null),
};

/** Strategies with a parallel split, by name. */
export const SPLITTERS: Readonly<Record<string, Splitter>> = {
  bfs: bfsSplitter,
  random: rangeSplitter(randomRange),
  // These mirror pctExplorer/swarmExplorer.explore over a sub-range; the cross-worker tests
  // (harness/pool/parallel.test.ts) compare against those explorers, so a drift is caught.
  pct: rangeSplitter((setup, opts, from, to) =>
    sampleRange(setup, opts, from, to, (i) => pctChooser(opts.seed, i, opts.faultProbability, opts.bugDepth ?? PCT_BUG_DEPTH_DEFAULT, opts.depthMax))),
  swarm: rangeSplitter((setup, opts, from, to) => sampleRange(setup, opts, from, to, (i) => swarmChooser(opts.seed, i, setup.faults))),
};

/** Exhaustive strategies with an opt-in subtree split (request `split: true`, CLI --split). */
export const SUBTREE_SPLITTERS: Readonly<Record<string, Splitter>> = {
  dpor: dporSplitter,
};

/** What the pool accepts: an exploration request, plus the opt-in subtree split. */
export interface PoolRequest extends ExploreRequest {
  /** Split an exhaustive search into subtrees (dpor). Changes what is explored, so it is part of the request. */
  readonly split?: boolean;
}

/** The splitter for a strategy: its own, the subtree split when asked, or the whole-exploration fallback. */
export function splitterFor(strategy: string, split = false): Splitter {
  if (split) {
    const s = SUBTREE_SPLITTERS[strategy];
    if (!s) throw new UsageError(`--split applies to ${Object.keys(SUBTREE_SPLITTERS).join(', ')}; strategy '${strategy}' ${SPLITTERS[strategy] ? 'always splits by execution ranges: drop --split' : 'has no split: drop --split'}`);
    return s;
  }
  return SPLITTERS[strategy] ?? wholeSplitter;
}
