// Explorer `random`: seeded random walks over the World (uniform scheduling with a fault coin).
// Owns: execution i draws its choices from two streams derived from (root seed, i) — `schedule`
// for ordinary choices and `faults` for the fault coin and the fault pick — so any execution can
// be re-run alone and adding a stream never shifts another. At each step: if faults are enabled
// and the fault coin (probability faultProbability) comes up, a fault is picked uniformly;
// otherwise an ordinary choice (delivery, timer) is picked uniformly. With only faults left the
// coin decides between a fault and a quiescent stop. Stops at the first violating execution.
import { Stream } from '../../sim/rng.js';
import { FAULT_KINDS, faultCountsZero, type FaultCounts, type FaultKind } from '../../sim/faults.js';
import { runExecution, splitFaults, type Chooser, type ExecutionRecord } from '../execution.js';
import type { RunSetup } from '../setup.js';
import type { Explorer, ExploreOptions, ExploreOutcome, ProgressFn } from './types.js';

/** Chooser for execution `index` of a random run rooted at `seed`. */
export function randomChooser(seed: string, index: number, faultProbability: number): Chooser {
  const sched = Stream.derive(seed, 'schedule', index);
  const faultRng = Stream.derive(seed, 'faults', index);
  return (list) => {
    const { ordinary, faults } = splitFaults(list);
    if (faults.length > 0 && faultRng.chance(faultProbability)) return faultRng.pick(faults);
    if (ordinary.length > 0) return sched.pick(ordinary);
    return null;
  };
}

/** Adds one execution's fault counts to a running total. */
export function addFaults(total: FaultCounts, more: FaultCounts): FaultCounts {
  const out = {} as Record<FaultKind, number>;
  for (const k of FAULT_KINDS) out[k] = total[k] + more[k];
  return out;
}

/** Runs executions [from, to) of a random exploration and aggregates them. */
export function randomRange(setup: RunSetup, opts: ExploreOptions, from: number, to: number, progress?: ProgressFn): ExploreOutcome {
  let steps = 0;
  let terminal = 0;
  let depthCut = 0;
  let faultsFired = faultCountsZero();
  let violation: ExecutionRecord | null = null;
  let executions = 0;
  for (let i = from; i < to; i++) {
    const rec = runExecution(setup, i, randomChooser(opts.seed, i, opts.faultProbability), opts.depthMax);
    executions++;
    steps += rec.steps;
    faultsFired = addFaults(faultsFired, rec.faults);
    if (rec.end === 'terminal' || rec.end === 'stopped') terminal++;
    if (rec.end === 'depth') depthCut++;
    if (progress && executions % 100 === 0) progress({ executions, steps, violations: rec.violation ? 1 : 0 });
    if (rec.violation) {
      violation = rec;
      break;
    }
  }
  return {
    strategy: opts.strategy,
    executions,
    steps,
    terminal,
    depthCut,
    faultsFired,
    stats: {},
    complete: violation === null && executions === to - from,
    violation,
  };
}

export const randomExplorer: Explorer = {
  name: 'random',
  summary: 'seeded random walks; execution i uses streams derived from (seed, i); stops at the first violation',
  explore(setup, opts, progress) {
    return randomRange(setup, opts, 0, opts.executionsMax, progress);
  },
};
