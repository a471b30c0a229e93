// The exhaustive explorers as registered strategies: `dpor` (optimal DPOR, wakeup trees),
// `dpor-source` (source sets + sleep sets), `dfs` (naive, no reduction) and `bfs` (stateful).
// Owns: turning ExploreOptions into each search's bounds, and each search's result into an
// ExploreOutcome whose `bounded` report names every bound the result holds within and every
// bound that cut it (with how much), so a claim is never wider than what was explored.
import { FAULT_KINDS } from '../../sim/faults.js';
import type { RunSetup } from '../setup.js';
import { bfsSearch } from './bfs.js';
import { dfsSearch } from './dfs.js';
import { dporSearch } from './dpor.js';
import { recordOf } from './search.js';
import type { BoundReport, Explorer, ExploreOptions, ExploreOutcome } from './types.js';

type Cut = BoundReport['cuts'][number];

/** The bounds a result holds within, in words (faults per kind, depth, preemptions). */
export function withinText(setup: RunSetup, opts: ExploreOptions): string {
  const faults = FAULT_KINDS.map((k) => `${k} ${setup.faults[k]}`).join(', ');
  const pre = opts.preemptionsMax === undefined ? 'preemptions unbounded' : `preemptions ≤ ${opts.preemptionsMax}`;
  const params = Object.entries(setup.params).map(([k, v]) => `${k}=${v}, `).join('');
  return `${params}faults per execution: ${faults}; depth ≤ ${opts.depthMax} steps; ${pre}`;
}

function stopCut(stoppedBy: string | null, opts: ExploreOptions, pending: number | null): Cut[] {
  const left = pending === null ? 'the rest of the search was not explored' : `${pending} scheduled branches left unexplored`;
  if (stoppedBy === 'executions' || stoppedBy === 'states') return [{ bound: 'executionsMax', limit: opts.executionsMax, cut: `stopped after ${opts.executionsMax} ${stoppedBy}; ${left}` }];
  if (stoppedBy === 'time') return [{ bound: 'durationMsMax', limit: opts.durationMsMax ?? 0, cut: `stopped by the time budget; ${left}` }];
  return [];
}

function outcome(setup: RunSetup, opts: ExploreOptions, o: Omit<ExploreOutcome, 'strategy' | 'violation' | 'complete' | 'bounded'>, cuts: Cut[], violationChoices: readonly string[] | null): ExploreOutcome {
  const violation = violationChoices ? recordOf(setup, o.executions - 1, violationChoices) : null;
  return {
    ...o,
    strategy: opts.strategy,
    complete: violation === null && cuts.length === 0,
    violation,
    bounded: { within: withinText(setup, opts), cuts },
  };
}

function dporExplorer(name: string, mode: 'optimal' | 'source', summary: string): Explorer {
  return {
    name,
    summary,
    explore(setup, opts) {
      const r = dporSearch(setup, { mode, depthMax: opts.depthMax, executionsMax: opts.executionsMax, preemptionsMax: opts.preemptionsMax, durationMsMax: opts.durationMsMax });
      const executions = r.executionsComplete + r.executionsSleepBlocked + r.executionsCutByDepth;
      const cuts: Cut[] = [];
      if (r.executionsCutByDepth > 0) cuts.push({ bound: 'depthMax', limit: opts.depthMax, cut: `${r.executionsCutByDepth} executions cut at depth ${opts.depthMax}` });
      if (r.branchesCutByPreemptions > 0) cuts.push({ bound: 'preemptionsMax', limit: opts.preemptionsMax ?? 0, cut: `${r.branchesCutByPreemptions} branches not explored (more preemptions)` });
      cuts.push(...stopCut(r.stoppedBy, opts, r.branchesPending));
      return outcome(setup, opts, {
        executions, steps: r.steps, terminal: r.executionsComplete, depthCut: r.executionsCutByDepth, faultsFired: r.faultsFired,
        stats: {
          branchesCutByPreemptions: r.branchesCutByPreemptions, branchesPending: r.branchesPending,
          executionsComplete: r.executionsComplete, executionsCutByBound: r.executionsCutByDepth, executionsSleepBlocked: r.executionsSleepBlocked,
        },
      }, cuts, r.violationChoices);
    },
  };
}

/** `dpor`: optimal DPOR (the default exhaustive strategy). */
export const dporOptimalExplorer = dporExplorer('dpor', 'optimal', 'exhaustive within bounds, optimal DPOR with wakeup trees and sleep sets (Abdulla et al. POPL 2014 / JACM 2017)');
/** `dpor-source`: source-set DPOR with sleep sets. */
export const dporSourceExplorer = dporExplorer('dpor-source', 'source', 'exhaustive within bounds, source-set DPOR with sleep sets (Abdulla et al. POPL 2014); may meet sleep-set-blocked executions');

/** `dfs`: every interleaving. */
export const dfsExplorer: Explorer = {
  name: 'dfs',
  summary: 'exhaustive within bounds, naive depth-first search over every interleaving (no reduction; the baseline)',
  explore(setup, opts) {
    const r = dfsSearch(setup, { depthMax: opts.depthMax, executionsMax: opts.executionsMax, durationMsMax: opts.durationMsMax });
    const cuts: Cut[] = r.executionsCutByDepth > 0 ? [{ bound: 'depthMax', limit: opts.depthMax, cut: `${r.executionsCutByDepth} executions cut at depth ${opts.depthMax}` }] : [];
    cuts.push(...stopCut(r.stoppedBy, opts, null));
    return outcome(setup, opts, {
      executions: r.executionsComplete + r.executionsCutByDepth, steps: r.steps, terminal: r.executionsComplete, depthCut: r.executionsCutByDepth, faultsFired: r.faultsFired,
      stats: { executionsComplete: r.executionsComplete, executionsCutByBound: r.executionsCutByDepth },
    }, cuts, r.violationChoices);
  },
};

/** `bfs`: stateful breadth-first search; shortest counterexample. */
export const bfsExplorer: Explorer = {
  name: 'bfs',
  summary: 'exhaustive within bounds, stateful breadth-first search with a visited set of world hashes; shortest counterexample (--executions caps states expanded)',
  explore(setup, opts) {
    const r = bfsSearch(setup, { depthMax: opts.depthMax, statesMax: opts.executionsMax, durationMsMax: opts.durationMsMax });
    const cuts: Cut[] = r.statesCutByDepth > 0 ? [{ bound: 'depthMax', limit: opts.depthMax, cut: `${r.statesCutByDepth} states at depth ${opts.depthMax} not expanded` }] : [];
    cuts.push(...stopCut(r.stoppedBy, opts, null));
    return outcome(setup, opts, {
      executions: r.statesTerminal + r.statesCutByDepth, steps: r.transitions, terminal: r.statesTerminal, depthCut: r.statesCutByDepth, faultsFired: r.faultsFired,
      stats: { statesCutByBound: r.statesCutByDepth, statesTerminal: r.statesTerminal, statesVisited: r.statesVisited, transitions: r.transitions },
    }, cuts, r.violationChoices);
  },
};
