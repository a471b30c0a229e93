// The exhaustive explorers as registered strategies: `dpor` (optimal DPOR, wakeup trees),
// `dpor-source` (source sets + sleep sets), `dfs` (naive, no reduction) and `bfs` (stateful).
// Owns: turning ExploreOptions into each search's bounds, and each search's result into an
// ExploreOutcome whose `bounded` report names every bound the result holds within and every
// bound that cut it (with how much), so a claim is never wider than what was explored.
import { FAULT_KINDS, faultBudget, type FaultBudget } from '../../sim/faults.js';
import type { RunSetup } from '../setup.js';
import { bfsSearch, type BfsResult } from './bfs.js';
import { dfsSearch } from './dfs.js';
import { dporSearch, type DporResult } from './dpor.js';
import { addFaultCounts } from '../../sim/faults.js';
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
  // Every search counts the execution (bfs: the state) it stopped in, so the violating one is
  // the last counted: its 0-based index is executions - 1.
  const violation = violationChoices ? recordOf(setup, o.executions - 1, violationChoices) : null;
  return {
    ...o,
    strategy: opts.strategy,
    complete: violation === null && cuts.length === 0,
    violation,
    bounded: { within: withinText(setup, opts), cuts },
  };
}

/** Fault budgets of the rounds: every kind capped at 0, then 1, … up to the full budget. */
export function faultRounds(full: FaultBudget): FaultBudget[] {
  const top = Math.max(0, ...FAULT_KINDS.map((k) => full[k]));
  const out: FaultBudget[] = [];
  for (let r = 0; r <= top; r++) out.push(faultBudget(Object.fromEntries(FAULT_KINDS.map((k) => [k, Math.min(full[k], r)]))));
  return out;
}

/**
 * Iterative fault deepening: DPOR of the world with every fault budget capped at 0, then 1, …,
 * ending with the full budget. Each round's executions are executions of the full world (fewer
 * faults), so a violation found early is real and short in faults; only the last round's
 * completion makes the claim. Counters sum the work of all rounds (earlier rounds are re-explored).
 */
function dporRounds(setup: RunSetup, opts: ExploreOptions, mode: 'optimal' | 'source'): DporResult & { rounds: number } {
  const rounds = faultRounds(setup.faults);
  const started = Date.now();
  let total: (DporResult & { rounds: number }) | null = null;
  for (const [k, budget] of rounds.entries()) {
    const sub: RunSetup = k === rounds.length - 1 ? setup : { ...setup, spec: { ...setup.spec, faults: budget } };
    const done = total ? total.executionsComplete + total.executionsSleepBlocked + total.executionsCutByDepth : 0;
    const time = opts.durationMsMax === undefined ? {} : { durationMsMax: Math.max(1, opts.durationMsMax - (Date.now() - started)) };
    const r = dporSearch(sub, { mode, depthMax: opts.depthMax, executionsMax: Math.max(1, opts.executionsMax - done), preemptionsMax: opts.preemptionsMax, ...time });
    const last = k === rounds.length - 1 || r.violationChoices !== null || r.stoppedBy !== null;
    // Counts of a non-final round are work done; the final round alone decides cuts and claims.
    total = total === null ? { ...r, rounds: 1 } : {
      ...r, rounds: total.rounds + 1, steps: total.steps + r.steps, faultsFired: addFaultCounts(total.faultsFired, r.faultsFired),
      executionsComplete: total.executionsComplete + r.executionsComplete, executionsSleepBlocked: total.executionsSleepBlocked + r.executionsSleepBlocked,
      executionsCutByDepth: total.executionsCutByDepth + r.executionsCutByDepth,
      branchesCutByPreemptions: total.branchesCutByPreemptions + r.branchesCutByPreemptions,
    };
    if (last) return total;
  }
  return total ?? { ...dporSearch(setup, { mode, depthMax: opts.depthMax, executionsMax: opts.executionsMax }), rounds: 1 };
}

function dporExplorer(name: string, mode: 'optimal' | 'source', summary: string): Explorer {
  return {
    name,
    summary,
    explore(setup, opts) {
      const r = dporRounds(setup, opts, mode);
      const executions = r.executionsComplete + r.executionsSleepBlocked + r.executionsCutByDepth + r.executionsStoppedByViolation;
      const cuts: Cut[] = [];
      if (r.executionsCutByDepth > 0) cuts.push({ bound: 'depthMax', limit: opts.depthMax, cut: `${r.executionsCutByDepth} executions cut at depth ${opts.depthMax}` });
      if (r.branchesCutByPreemptions > 0) cuts.push({ bound: 'preemptionsMax', limit: opts.preemptionsMax ?? 0, cut: `${r.branchesCutByPreemptions} branches not explored (more preemptions)` });
      cuts.push(...stopCut(r.stoppedBy, opts, r.branchesPending));
      return outcome(setup, opts, {
        executions, steps: r.steps, terminal: r.executionsComplete, depthCut: r.executionsCutByDepth, faultsFired: r.faultsFired,
        stats: {
          branchesCutByPreemptions: r.branchesCutByPreemptions, branchesPending: r.branchesPending,
          executionsComplete: r.executionsComplete, executionsCutByBound: r.executionsCutByDepth, executionsSleepBlocked: r.executionsSleepBlocked,
          faultRounds: r.rounds,
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
      executions: r.executionsComplete + r.executionsCutByDepth + r.executionsStoppedByViolation, steps: r.steps, terminal: r.executionsComplete, depthCut: r.executionsCutByDepth, faultsFired: r.faultsFired,
      stats: { executionsComplete: r.executionsComplete, executionsCutByBound: r.executionsCutByDepth },
    }, cuts, r.violationChoices);
  },
};

/** `bfs`: stateful breadth-first search; shortest counterexample. */
export const bfsExplorer: Explorer = {
  name: 'bfs',
  summary: 'exhaustive within bounds, stateful breadth-first search with a visited set of world hashes; shortest counterexample (--executions caps states expanded)',
  explore(setup, opts) {
    return bfsOutcome(setup, opts, bfsSearch(setup, { depthMax: opts.depthMax, statesMax: opts.executionsMax, durationMsMax: opts.durationMsMax }));
  },
};

/** A bfs result as an outcome (shared with the level-parallel bfs in harness/pool/bfs-levels.ts, so both build the same bytes). */
export function bfsOutcome(setup: RunSetup, opts: ExploreOptions, r: BfsResult): ExploreOutcome {
  const cuts: Cut[] = r.statesCutByDepth > 0 ? [{ bound: 'depthMax', limit: opts.depthMax, cut: `${r.statesCutByDepth} states at depth ${opts.depthMax} not expanded` }] : [];
  cuts.push(...stopCut(r.stoppedBy, opts, null));
  return outcome(setup, opts, {
    executions: r.statesTerminal + r.statesCutByDepth + r.statesViolating, steps: r.transitions, terminal: r.statesTerminal, depthCut: r.statesCutByDepth, faultsFired: r.faultsFired,
    stats: { statesCutByBound: r.statesCutByDepth, statesTerminal: r.statesTerminal, statesVisited: r.statesVisited, transitions: r.transitions },
  }, cuts, r.violationChoices);
}
