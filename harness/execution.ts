// One execution: from the initial world, take choices from a chooser until nothing is enabled,
// a bound is hit or an oracle fails. Owns: the step loop shared by sampling explorers and
// replay — invariants after every step, terminal oracles at the end, the record of choices and
// readable events. Explorers supply only the chooser.
import type { Choice } from '../sim/choice.js';
import { choiceKey, FAULT_CHOICE_KINDS } from '../sim/choice.js';
import { createWorld, enabled, step, worldInFlight, type SentRecord, type StepEvent, type World } from '../sim/world.js';
import { stateText } from '../sim/host.js';
import type { FaultCounts } from '../sim/faults.js';
import { checkInvariants, checkTerminal, type Violation } from './oracles.js';
import type { RunSetup } from './setup.js';

/** How an execution ended. */
export type ExecutionEnd = 'terminal' | 'depth' | 'violation' | 'stopped';

/** The world before the first step: each actor's state and the messages its start-up sent. */
export interface InitialRecord {
  readonly states: Readonly<Record<string, string>>;
  readonly sent: readonly SentRecord[];
}

/** Readable record of an initial world. */
export function initialRecord(w: World): InitialRecord {
  const states: Record<string, string> = {};
  for (const id of w.actorIds) {
    const snap = w.actors[id]!.snapshot;
    states[id] = snap ? stateText(snap.value) : 'crashed';
  }
  return { states, sent: worldInFlight(w).map((m) => ({ id: m.id, to: m.to, type: m.body.type })) };
}

/** Everything an execution did. */
export interface ExecutionRecord {
  readonly index: number;
  readonly initial: InitialRecord;
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
  const initial = initialRecord(w);
  const choices: string[] = [];
  const events: StepEvent[] = [];
  const done = (end: ExecutionEnd, violation: Violation | null): ExecutionRecord => ({
    index, initial, choices, events, violation, end, steps: choices.length, faults: w.used,
  });
  const atStart = checkInvariants(setup.scenario, w);
  if (atStart) return done('violation', atStart);
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
