// Model-based test helper: state and transition coverage of an XState machine, measured on the
// graph `xstate/graph` builds (getAdjacencyMap) and on replayed shortest paths (getShortestPaths)
// through the pure API. Owns: the coverage universe read from the machine definition (every state
// node; every transition candidate, `after` included), the classification of each explored edge
// by the transition XState selects, and the report. It does not know about the
// kernel: delivered messages are built with `delivered()` so integrity checks pass.
// Eventless (`always`) transitions are not measurable here (a machine using them is refused), nor
// are transitions taken only on a non-delayed raise; raise with `{ delay: 0, id }` (a virtual timer).
import { getAdjacencyMap, getShortestPaths, getStateNodes } from 'xstate/graph';
import { transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { digestOf, type MessageBody } from '../../sim/conventions.js';
import { canonicalJson, type Json } from '../../sim/canonical.js';

/** A message body as a receiving machine gets it, with a valid (or, if `corrupt`, a wrong) digest. */
export function delivered(from: string, body: MessageBody, corrupt = false): EventObject {
  const digest = digestOf(body);
  return { ...body, $from: from, $digest: corrupt ? `x${digest.slice(1)}` : digest } as EventObject;
}

/** The `after` event type XState uses for a delayed transition of state node `stateId`. */
export function afterEvent(delay: string | number, stateId: string): EventObject {
  return { type: `xstate.after.${delay}.${stateId}` };
}

/** Options for measureCoverage. */
export interface CoverageOptions {
  /** Inputs to start the machine with; each start is traversed and the results merged. */
  readonly inputs?: readonly unknown[];
  /** Events to try in a snapshot (message events built with delivered()). `after` events are added automatically. */
  readonly events: (snapshot: AnyMachineSnapshot) => readonly EventObject[];
  /** Abstraction of a snapshot for the traversal (default: value + context). Keep context counters bounded. */
  readonly serialize?: (snapshot: AnyMachineSnapshot) => string;
  /** Checked on every snapshot a path visits (the model-based test's state assertion); throw to fail. */
  readonly check?: (snapshot: AnyMachineSnapshot) => void;
  /** Bound on traversal iterations (queued state × event pairs) per input (default 200000). */
  readonly iterationsMax?: number;
}

/** What was covered, with the universe it was measured against. */
export interface CoverageReport {
  readonly machine: string;
  readonly states: { readonly total: number; readonly covered: number; readonly missed: readonly string[] };
  readonly transitions: { readonly total: number; readonly covered: number; readonly missed: readonly string[] };
  /** Shortest paths generated and replayed (one per reachable abstract state). */
  readonly paths: number;
  readonly steps: number;
}

type TransitionDef = { source: { id: string }; eventType: string; target?: readonly { id: string }[] | undefined };

/** Every transition candidate of the machine, keyed by identity, labelled `source --EVENT[i]--> targets`. */
export function transitionUniverse(machine: AnyStateMachine): Map<TransitionDef, string> {
  const out = new Map<TransitionDef, string>();
  const nodes = [machine.root, ...getStateNodes(machine.root).filter((n) => n !== machine.root)];
  for (const node of nodes) {
    if (node.always && node.always.length > 0) {
      throw new Error(`[racelab coverage] state '${node.id}' of '${machine.id}' has eventless (always) transitions, which this helper cannot measure; model them with an explicit event`);
    }
    for (const [eventType, defs] of node.transitions) {
      (defs as unknown as TransitionDef[]).forEach((d, i) => {
        const targets = (d.target ?? []).map((t) => t.id).join(',') || '(self)';
        out.set(d, `${node.id} --${eventType}[${i}]--> ${targets}`);
      });
    }
  }
  return out;
}

/** Ids of every state node below the root. */
export function stateUniverse(machine: AnyStateMachine): string[] {
  return getStateNodes(machine.root).map((n) => n.id).filter((id) => id !== machine.root.id).sort();
}

function afterEventsOf(machine: AnyStateMachine): Map<string, EventObject[]> {
  const byNode = new Map<string, EventObject[]>();
  for (const node of getStateNodes(machine.root)) {
    const evs = [...node.transitions.keys()].filter((t) => t.startsWith('xstate.after.')).map((type) => ({ type }));
    if (evs.length > 0) byNode.set(node.id, evs);
  }
  return byNode;
}

function activeIds(s: AnyMachineSnapshot): string[] {
  return ((s as unknown as { _nodes: { id: string }[] })._nodes ?? []).map((n) => n.id);
}

const defaultSerialize = (s: AnyMachineSnapshot): string => canonicalJson({ value: s.value as Json, context: s.context as Json, status: s.status });

/**
 * Traverses the machine with xstate/graph (getAdjacencyMap over the offered events), classifies
 * every adjacency edge by the transition definitions XState selects for it, runs `check` on every
 * reached snapshot, and replays the shortest path (getShortestPaths) to every abstract state with
 * `transition`, failing if a replayed path does not reach the state it was generated for.
 */
export function measureCoverage(machine: AnyStateMachine, opts: CoverageOptions): CoverageReport {
  const universe = transitionUniverse(machine);
  const states = stateUniverse(machine);
  const afters = afterEventsOf(machine);
  const key = opts.serialize ?? defaultSerialize;
  const events = (s: AnyMachineSnapshot): EventObject[] => [...opts.events(s), ...activeIds(s).flatMap((id) => afters.get(id) ?? [])];
  const seenStates = new Set<string>();
  const seenTransitions = new Set<string>();
  let paths = 0;
  let steps = 0;
  const visit = (s: AnyMachineSnapshot): void => {
    for (const id of activeIds(s)) seenStates.add(id);
    opts.check?.(s);
  };
  for (const input of opts.inputs ?? [undefined]) {
    const traversal = { input, events, serializeState: (s: AnyMachineSnapshot) => key(s), limit: opts.iterationsMax ?? 200_000 };
    const adj = getAdjacencyMap(machine, traversal as never) as unknown as Record<string, { state: AnyMachineSnapshot; transitions: Record<string, { event: EventObject; state: AnyMachineSnapshot }> }>;
    for (const v of Object.values(adj)) {
      visit(v.state);
      for (const t of Object.values(v.transitions)) {
        for (const d of machine.getTransitionData(v.state as never, t.event as never) as unknown as TransitionDef[]) {
          const label = universe.get(d);
          if (label) seenTransitions.add(label);
        }
      }
    }
    const shortest = getShortestPaths(machine, traversal as never) as unknown as { state: AnyMachineSnapshot; steps: { event: EventObject; state: AnyMachineSnapshot }[] }[];
    for (const p of shortest) {
      let s = p.steps[0]?.state ?? p.state;
      for (const st of p.steps.slice(1)) {
        s = transition(machine, s, st.event)[0];
        visit(s);
        steps++;
      }
      if (key(s) !== key(p.state)) throw new Error(`[racelab coverage] replaying the path to ${key(p.state)} reached ${key(s)}`);
      paths++;
    }
  }
  const missedStates = states.filter((id) => !seenStates.has(id));
  const labels = [...universe.values()];
  const missedTransitions = labels.filter((l) => !seenTransitions.has(l)).sort();
  return {
    machine: machine.id,
    states: { total: states.length, covered: states.length - missedStates.length, missed: missedStates },
    transitions: { total: labels.length, covered: labels.length - missedTransitions.length, missed: missedTransitions },
    paths,
    steps,
  };
}

/** One line for a test log: `machine: states 9/9, transitions 23/23 (41 paths)`. */
export function coverageLine(r: CoverageReport): string {
  return `${r.machine}: states ${r.states.covered}/${r.states.total}, transitions ${r.transitions.covered}/${r.transitions.total} (${r.paths} paths, ${r.steps} steps)`;
}
