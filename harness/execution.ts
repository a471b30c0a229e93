// One execution: from the initial world, take choices from a chooser until nothing is enabled,
// a bound is hit or an oracle fails. Owns: the step loop shared by sampling explorers and
// replay — invariants after every step, terminal oracles at the end, the record of choices and
// readable events. Explorers supply only the chooser.
import type { Choice } from '../sim/choice.js';
import { choiceKey, FAULT_CHOICE_KINDS } from '../sim/choice.js';
import { createWorld, enabled, step, type StepEvent, type World } from '../sim/world.js';
import type { FaultCounts } from '../sim/faults.js';
import { checkInvariants, checkTerminal, type Violation } from './oracles.js';
import type { RunSetup } from './setup.js';

/** How an execution ended. */
export type ExecutionEnd = 'terminal' | 'depth' | 'violation' | 'stopped';

/** Everything an execution did. */
export interface ExecutionRecord {
  readonly index: number;
  readonly choices: readonly string[];
  readonly events: readonly StepEvent[];
  readonly violation: Violation | null;
  readonly end: ExecutionEnd;
  readonly steps: number;
  readonly faults: FaultCounts;
}

/**
 * Picks the next choice from the enabled list (never empty), or null to stop the execution
 * (a quiescent end chosen by the strategy).
 */
export type Chooser = (enabledChoices: readonly Choice[], world: World, depth: number) => Choice | null;

/** Splits enabled choices into ordinary scheduling choices and faults. */
export function splitFaults(choices: readonly Choice[]): { ordinary: Choice[]; faults: Choice[] } {
  const ordinary: Choice[] = [];
  const faults: Choice[] = [];
  for (const c of choices) (FAULT_CHOICE_KINDS.has(c.kind) ? faults : ordinary).push(c);
  return { ordinary, faults };
}

/** Runs one execution of `setup` with `choose`, at most `depthMax` steps. */
export function runExecution(setup: RunSetup, index: number, choose: Chooser, depthMax: number): ExecutionRecord {
  let w = createWorld(setup.spec);
  const choices: string[] = [];
  const events: StepEvent[] = [];
  const done = (end: ExecutionEnd, violation: Violation | null): ExecutionRecord => ({
    index, choices, events, violation, end, steps: choices.length, faults: w.used,
  });
  const initial = checkInvariants(setup.scenario, w);
  if (initial) return done('violation', initial);
  for (;;) {
    const list = enabled(w);
    if (list.length === 0) {
      const t = checkTerminal(setup.scenario, w);
      return done(t ? 'violation' : 'terminal', t);
    }
    if (choices.length >= depthMax) return done('depth', null);
    const c = choose(list, w, choices.length);
    if (c === null) {
      const t = splitFaults(list).ordinary.length === 0 ? checkTerminal(setup.scenario, w) : null;
      return done(t ? 'violation' : 'stopped', t);
    }
    const r = step(w, c);
    w = r.world;
    choices.push(choiceKey(c));
    events.push(r.event);
    const v = checkInvariants(setup.scenario, w);
    if (v) return done('violation', v);
  }
}
