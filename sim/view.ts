// Read-only view of a world for invariants and terminal oracles.
// Owns: WorldView, the one shape scenarios read (actor state text, context, status, crash flag,
// in-flight messages, pending timers, time). Scenarios never touch kernel internals directly.
import type { Json } from './canonical.js';
import { stateText } from './host.js';
import { inFlight, type Message } from './transport.js';
import type { World } from './world.js';

/** What an invariant may read about one actor. */
export interface ActorView {
  readonly id: string;
  /** Dotted state text, or 'crashed'. */
  readonly state: string;
  readonly value: Json;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly context: any;
  readonly status: 'active' | 'done' | 'error' | 'stopped' | 'crashed';
  readonly crashed: boolean;
  readonly incarnation: number;
}

/** What an invariant may read about a world. */
export interface WorldView {
  readonly now: number;
  readonly steps: number;
  readonly actorIds: readonly string[];
  actor(id: string): ActorView;
  readonly inFlight: readonly Message[];
  readonly timers: readonly { id: string; owner: string; fireAt: number }[];
  /** Ids of thread programs, sorted (empty for actor-only worlds). */
  readonly threadIds: readonly string[];
  /** Value of a shared cell (thread programs; 0 when absent). */
  cell(name: string): number;
  /** A thread's local variables and whether it has finished (thread programs). */
  thread(id: string): { readonly local: Readonly<Record<string, number>>; readonly done: boolean };
}

/** Builds the view of `w` (actor views are built on first access). */
export function viewOf(w: World): WorldView {
  const cache = new Map<string, ActorView>();
  let msgs: Message[] | undefined;
  return {
    now: w.clock.now,
    steps: w.steps,
    actorIds: w.actorIds,
    actor(id: string): ActorView {
      let v = cache.get(id);
      if (v) return v;
      const slot = w.actors[id];
      if (!slot) throw new Error(`[racelab internal bug] invariant read unknown actor '${id}'`);
      const s = slot.snapshot;
      v = s
        ? { id, state: stateText(s.value), value: s.value as Json, context: s.context, status: s.status, crashed: false, incarnation: slot.incarnation }
        : { id, state: 'crashed', value: null, context: null, status: 'crashed', crashed: true, incarnation: slot.incarnation };
      cache.set(id, v);
      return v;
    },
    get inFlight() {
      return (msgs ??= inFlight(w.transport));
    },
    timers: w.clock.timers.map((t) => ({ id: t.id, owner: t.owner, fireAt: t.fireAt })),
    threadIds: w.mem ? Object.keys(w.mem.threads).sort() : [],
    cell: (name) => w.mem?.cells[name] ?? 0,
    thread(id) {
      const t = w.mem?.threads[id];
      if (!t) throw new Error(`[racelab internal bug] invariant read unknown thread '${id}'`);
      return { local: t.local, done: t.op === null };
    },
  };
}
