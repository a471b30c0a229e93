// The shape of an async race for the peer comparison: which racelab scenario it mirrors, how many
// messages a fault plan may target, and one run under fast-check's scheduler that returns the
// first violated invariant (`id: message`) or null.
import type fc from 'fast-check';
import type { FaultPlan } from './async-net.js';

/** A protocol race written as async code. */
export interface AsyncRace {
  /** The racelab scenario it mirrors (same invariants). */
  readonly scenario: string;
  /** Fault plans target one of the first sendsMax messages. */
  readonly sendsMax: number;
  run(s: fc.Scheduler, plan: FaultPlan, mutant: string | null): Promise<string | null>;
}
