// Explorer `swarm`: swarm testing (Groce, Zhang, Eide, Chen, Regehr, "Swarm Testing", ISSTA
// 2012). Owns: the per-execution configuration and its chooser. Execution i draws its own fault
// mix from the stream (seed, 'swarm', i): each fault kind the scenario's budget allows is
// switched on with probability 1/2, and the fault probability is drawn from SWARM_PROBABILITIES.
// Kinds that are off are never chosen, so some executions run with only (say) drops and
// duplicates at a high rate, which a uniform mix would almost never produce. Scheduling is
// uniform over ordinary choices (stream `schedule`, as in `random`). The configured
// --fault-probability is ignored: swarm draws its own. A chooser depends only on (seed, index).
import type { Choice } from '../../sim/choice.js';
import { FAULT_KINDS, type FaultBudget, type FaultKind } from '../../sim/faults.js';
import { Stream } from '../../sim/rng.js';
import { splitFaults, type Chooser } from '../execution.js';
import { sampleRange } from './sampling.js';
import type { Explorer } from './types.js';

/** Fault probabilities a swarm execution draws from. */
export const SWARM_PROBABILITIES: readonly number[] = Object.freeze([0.02, 0.05, 0.1, 0.2, 0.35, 0.5]);

/** One execution's fault mix. */
export interface SwarmConfig {
  readonly kinds: readonly FaultKind[];
  readonly faultProbability: number;
}

/** The fault mix of execution `index` under `seed`, for a scenario allowing `budget`. */
export function swarmConfig(seed: string, index: number, budget: FaultBudget): SwarmConfig {
  const rng = Stream.derive(seed, 'swarm', index);
  const kinds: FaultKind[] = [];
  for (const k of FAULT_KINDS) {
    const on = rng.chance(0.5);
    if (budget[k] > 0 && on) kinds.push(k);
  }
  return { kinds, faultProbability: rng.pick(SWARM_PROBABILITIES) };
}

/** Chooser for execution `index` of a swarm run. */
export function swarmChooser(seed: string, index: number, budget: FaultBudget): Chooser {
  const cfg = swarmConfig(seed, index, budget);
  const sched = Stream.derive(seed, 'schedule', index);
  const faultRng = Stream.derive(seed, 'faults', index);
  const on = new Set<string>(cfg.kinds);
  return (list) => {
    const { ordinary, faults } = splitFaults(list);
    const allowed: Choice[] = faults.filter((c) => on.has(c.kind));
    if (allowed.length > 0 && faultRng.chance(cfg.faultProbability)) return faultRng.pick(allowed);
    if (ordinary.length > 0) return sched.pick(ordinary);
    return null;
  };
}

export const swarmExplorer: Explorer = {
  name: 'swarm',
  summary: 'swarm testing (Groce et al. 2012): each execution draws its own fault mix (kinds on/off, fault probability) from (seed, index)',
  explore(setup, opts, progress) {
    return sampleRange(setup, opts, 0, opts.executionsMax, (i) => swarmChooser(opts.seed, i, setup.faults), progress);
  },
};
