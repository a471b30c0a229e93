// Oracles: the checks run against worlds during exploration.
// Owns: checking a scenario's invariants after every step and its terminal oracles when an
// execution ends with nothing left to happen. The first failing check, in declaration order,
// is the violation. Verdicts are decided elsewhere (harness/verdict.ts); this only observes.
import type { World } from '../sim/world.js';
import { viewOf } from '../sim/view.js';
import type { Invariant, Scenario } from '../scenarios/types.js';

/** A broken property: which one, why, at which step (number of steps taken), and when checked. */
export interface Violation {
  readonly invariant: string;
  readonly message: string;
  readonly step: number;
  readonly phase: 'step' | 'terminal';
}

function firstFailure(list: readonly Invariant[], w: World, phase: 'step' | 'terminal'): Violation | null {
  if (list.length === 0) return null;
  const view = viewOf(w);
  for (const inv of list) {
    const message = inv.check(view);
    if (message !== null) return { invariant: inv.id, message, step: w.steps, phase };
  }
  return null;
}

/** Checks every invariant of `scenario` on `w`. */
export function checkInvariants(scenario: Scenario, w: World): Violation | null {
  return firstFailure(scenario.invariants, w, 'step');
}

/** Checks the terminal oracles of `scenario` on a world where nothing more can happen. */
export function checkTerminal(scenario: Scenario, w: World): Violation | null {
  return firstFailure(scenario.terminal, w, 'terminal');
}
