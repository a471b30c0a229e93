// Oracle glue for the async peers: checks a racelab scenario's own invariants against the plain
// state of an async run, through a minimal WorldView, so fast-check and racelab judge a run by
// the same properties. Only what the invariants read is provided; there is no virtual time
// (now = 0, no timers), so time-based invariants cannot fire on the async side.
import type { Json } from '../../../sim/canonical.js';
import type { ActorView, WorldView } from '../../../sim/view.js';
import type { Invariant } from '../../../scenarios/types.js';

/** Plain state of one async actor as an invariant sees it. */
export interface AsyncActorState {
  readonly state: string;
  readonly done: boolean;
  readonly context: unknown;
}

/** A WorldView over async actor states. */
export function asyncView(actors: Readonly<Record<string, AsyncActorState>>): WorldView {
  const ids = Object.keys(actors).sort();
  return {
    now: 0,
    steps: 0,
    actorIds: ids,
    actor(id: string): ActorView {
      const a = actors[id];
      if (!a) throw new Error(`[racelab internal bug] async oracle read unknown actor '${id}'`);
      return { id, state: a.state, value: a.state as Json, context: a.context, status: a.done ? 'done' : 'active', crashed: false, incarnation: 0 };
    },
    inFlight: [],
    timers: [],
    threadIds: [],
    cell: () => 0,
    thread: (id: string) => { throw new Error(`[racelab internal bug] async oracle read thread '${id}'`); },
  } as WorldView;
}

/** First failing invariant as `id: message`, or null. */
export function firstViolation(invariants: readonly Invariant[], actors: Readonly<Record<string, AsyncActorState>>): string | null {
  const view = asyncView(actors);
  for (const inv of invariants) {
    const m = inv.check(view);
    if (m !== null) return `${inv.id}: ${m}`;
  }
  return null;
}
