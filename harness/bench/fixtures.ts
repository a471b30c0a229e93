// Recorded workloads shared by the benchmark suites, so every suite measures the same thing.
// Owns: seeded random walks over a scenario that keep every world, choice and actor delivery
// along the way (the inputs of the kernel micro-benchmarks and of the host vs createActor
// comparison). Built once per suite from fixed seeds; no timing here.
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { choiceKey, type Choice, type Footprint } from '../../sim/choice.js';
import type { ActorSpec } from '../../sim/host.js';
import { Stream } from '../../sim/rng.js';
import { findMessage } from '../../sim/transport.js';
import { createWorld, enabled, step, type World } from '../../sim/world.js';
import { splitFaults } from '../execution.js';
import { resolveSetup, type RunSetup } from '../setup.js';

/** One actor delivery seen along a walk: which actor, in which snapshot, got which event. */
export interface Delivery {
  readonly spec: ActorSpec;
  readonly snapshot: AnyMachineSnapshot;
  readonly event: EventObject;
}

/** A recorded walk: worlds[i] is the state before choices[i]. */
export interface Walk {
  readonly worlds: readonly World[];
  readonly choices: readonly Choice[];
  readonly footprints: readonly Footprint[];
  readonly deliveries: readonly Delivery[];
  /** Actor-local event sequences in delivery order, for replaying outside the kernel. */
  readonly perActor: Readonly<Record<string, readonly EventObject[]>>;
}

function deliveryOf(w: World, c: Choice): Delivery | null {
  if (c.kind === 'deliver' || c.kind === 'reorder') {
    const m = findMessage(w.transport, c.msg)!.message;
    const slot = w.actors[m.to]!;
    if (!slot.snapshot || slot.snapshot.status !== 'active') return null;
    const event = { ...m.body, $from: m.from, $digest: m.digest } as EventObject;
    return { spec: w.spec.actors.find((a) => a.id === m.to)!, snapshot: slot.snapshot, event };
  }
  if (c.kind === 'timer') {
    const t = w.clock.timers[0]!;
    const slot = w.actors[t.owner];
    if (!slot?.snapshot || slot.snapshot.status !== 'active') return null;
    const event = (t.event ?? { type: t.key }) as EventObject;
    return { spec: w.spec.actors.find((a) => a.id === t.owner)!, snapshot: slot.snapshot, event };
  }
  return null;
}

/** Seeded random walk (fault coin `faultProbability`) of at most depthMax steps. */
export function recordWalk(setup: RunSetup, seed: string, index: number, faultProbability: number, depthMax: number): Walk {
  const rng = Stream.derive(seed, 'bench-walk', index);
  const worlds: World[] = [];
  const choices: Choice[] = [];
  const footprints: Footprint[] = [];
  const deliveries: Delivery[] = [];
  const perActor: Record<string, EventObject[]> = {};
  let w = createWorld(setup.spec);
  for (let d = 0; d < depthMax; d++) {
    const list = enabled(w);
    if (list.length === 0) break;
    const { ordinary, faults } = splitFaults(list);
    const pool = faults.length > 0 && (ordinary.length === 0 || rng.chance(faultProbability)) ? faults : ordinary;
    const c = rng.pick(pool);
    const del = deliveryOf(w, c);
    if (del) {
      deliveries.push(del);
      const id = c.kind === 'timer' ? w.clock.timers[0]!.owner : findMessage(w.transport, (c as { msg: string }).msg)!.message.to;
      (perActor[id] ??= []).push(del.event);
    }
    const r = step(w, c);
    worlds.push(w);
    choices.push(c);
    footprints.push(r.footprint);
    w = r.world;
  }
  return { worlds, choices, footprints, deliveries, perActor };
}

/** The lease workload: `walks` recorded walks of the correct protocol with faults. */
export function leaseWalks(walks: number): { setup: RunSetup; walks: Walk[] } {
  const setup = resolveSetup({ scenario: 'leases' });
  const out: Walk[] = [];
  for (let i = 0; i < walks; i++) out.push(recordWalk(setup, 'bench', i, 0.1, 200));
  return { setup, walks: out };
}

/** Choice keys of a walk (for logging). */
export function walkKeys(w: Walk): string[] {
  return w.choices.map(choiceKey);
}
