// Fault reach: did a scenario's enabled fault kinds actually fire? A scenario that turns drops
// or corruption on but whose messages can never be dropped or corrupted proves nothing about
// those fault paths. Owns: running a fixed budget of seeded random executions of the correct
// model (violations do not stop the count: only reach is measured here) and reporting, per fault
// kind, whether the scenario's budget enables it and how often it fired.
import { FAULT_KINDS, type FaultKind } from '../sim/faults.js';
import { runExecution } from './execution.js';
import { randomChooser } from './explore/random.js';
import { addFaultCounts } from '../sim/faults.js';
import type { RunSetup } from './setup.js';
import { faultCountsZero } from '../sim/faults.js';

/** Default budget of the reach check, in executions, and its fault probability. */
export const FAULT_REACH_EXECUTIONS_DEFAULT = 200;
export const FAULT_REACH_PROBABILITY = 0.25;

/** Per-kind reach of one scenario. */
export interface FaultReach {
  readonly executions: number;
  /** Kinds whose budget is above zero. */
  readonly enabledKinds: readonly FaultKind[];
  readonly fired: Readonly<Record<FaultKind, number>>;
  /** Corrupted messages that were then delivered to their receiver (a corrupt fault that reached a model). */
  readonly corruptDelivered: number;
  /** Enabled kinds that never fired (or, for corrupt, never reached a receiver): fault paths claimed but not exercised. */
  readonly unexercised: readonly FaultKind[];
  /** Disabled kinds that fired anyway (a kernel bug if ever non-empty). */
  readonly overBudget: readonly FaultKind[];
}

/** Deliveries (in order or reordered) of messages corrupted earlier in the same choice list. */
export function corruptDeliveries(choices: readonly string[]): number {
  const corrupted = new Set<string>();
  let n = 0;
  for (const c of choices) {
    if (c.startsWith('corrupt ')) corrupted.add(c.slice('corrupt '.length));
    else if ((c.startsWith('deliver ') || c.startsWith('reorder ')) && corrupted.has(c.slice(c.indexOf(' ') + 1))) n++;
  }
  return n;
}

/** Runs `executions` seeded random executions of `setup` and reports which fault kinds fired. */
export function faultReach(setup: RunSetup, executions = FAULT_REACH_EXECUTIONS_DEFAULT, seed = 'fault-reach'): FaultReach {
  let fired = faultCountsZero();
  let corruptDelivered = 0;
  for (let i = 0; i < executions; i++) {
    const rec = runExecution(setup, i, randomChooser(seed, i, FAULT_REACH_PROBABILITY), setup.scenario.depthMax);
    fired = addFaultCounts(fired, rec.faults);
    corruptDelivered += corruptDeliveries(rec.choices);
  }
  const enabledKinds = FAULT_KINDS.filter((k) => setup.faults[k] > 0);
  return {
    executions,
    enabledKinds,
    fired,
    corruptDelivered,
    unexercised: enabledKinds.filter((k) => fired[k] === 0 || (k === 'corrupt' && corruptDelivered === 0)),
    overBudget: FAULT_KINDS.filter((k) => setup.faults[k] === 0 && fired[k] > 0),
  };
}
