// Explorer `random`: seeded random walks over the World (uniform scheduling with a fault coin).
// Owns: execution i draws its choices from two streams derived from (root seed, i) — `schedule`
// for ordinary choices and `faults` for the fault coin and the fault pick — so any execution can
// be re-run alone and adding a stream never shifts another. At each step: if faults are enabled
// and the fault coin (probability faultProbability) comes up, a fault is picked uniformly;
// otherwise an ordinary choice (delivery, timer) is picked uniformly. With only faults left the
// coin decides between a fault and a quiescent stop. Stops at the first violating execution.
import { Stream } from '../../sim/rng.js';
import { splitFaults, type Chooser } from '../execution.js';
import { sampleRange } from './sampling.js';
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

/** Runs executions [from, to) of a random exploration and aggregates them. */
export function randomRange(setup: RunSetup, opts: ExploreOptions, from: number, to: number, progress?: ProgressFn): ExploreOutcome {
  return sampleRange(setup, opts, from, to, (i) => randomChooser(opts.seed, i, opts.faultProbability), progress);
}

export const randomExplorer: Explorer = {
  name: 'random',
  summary: 'seeded random walks; execution i uses streams derived from (seed, i); stops at the first violation',
  explore(setup, opts, progress) {
    return randomRange(setup, opts, 0, opts.executionsMax, progress);
  },
};
