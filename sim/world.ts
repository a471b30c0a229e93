// The World: one immutable state of a simulated system, the choices enabled in it, and the step
// that applies one. Owns: World/WorldSpec, createWorld, enabled (canonical order), step (which
// calls transport, clock and host in a fixed, visible order and returns readable events and the
// step's footprint). Explorers decide which choice to take; the World never does.
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { assert } from './assert.js';
import type { Json } from './canonical.js';
import { compareChoices, choiceKey, FAULT_CHOICE_KINDS, type Choice, type Footprint } from './choice.js';
import { clockCancel, clockCancelOwner, clockFire, clockInit, clockNext, clockSchedule, type ClockState } from './clock.js';
import { RacelabError } from './errors.js';
import { faultAllowed, faultCountsZero, faultUse, type FaultBudget, type FaultCounts } from './faults.js';
import { hostCan, hostDeliver, hostStart, snapshotHash, stateText, type ActorSpec, type Effects } from './host.js';
import {
  findMessage, inFlight, isPartitioned, linkKey, transportCorrupt, transportDuplicate, transportHeal,
  transportInit, transportPartition, transportSend, transportTake, type Message, type TransportState,
} from './transport.js';
import { enabledThreads, opText, threadsInit, threadStep, type ThreadProgram, type ThreadsState } from './threads.js';

/** An external event a scenario may inject into an actor (uses the `inject` fault budget). */
export interface Injectable {
  readonly actor: string;
  readonly event: { readonly type: string } & { readonly [k: string]: Json };
}

/** Everything fixed about a world: its actors and what faults may happen. */
export interface WorldSpec {
  readonly actors: readonly ActorSpec[];
  readonly faults: FaultBudget;
  /** How long a partition cuts a link, in virtual ms. */
  readonly partitionMs: number;
  readonly injectables: readonly Injectable[];
  /** Actor ids that may crash (and restart). */
  readonly crashable: readonly string[];
  /** Thread programs over shared cells (sim/threads.ts); absent for actor-only worlds. */
  readonly threads?: readonly ThreadProgram[];
  /** Initial values of shared cells (cells not listed start at 0). */
  readonly cells?: Readonly<Record<string, number>>;
}

/** One actor's slot. `snapshot` is null while the actor is crashed. */
export interface ActorSlot {
  readonly snapshot: AnyMachineSnapshot | null;
  readonly hash: string;
  readonly incarnation: number;
  readonly durable?: Json;
}

/** An immutable world state. */
export interface World {
  readonly spec: WorldSpec;
  readonly actorIds: readonly string[];
  readonly clock: ClockState;
  readonly transport: TransportState;
  readonly actors: Readonly<Record<string, ActorSlot>>;
  readonly used: FaultCounts;
  readonly steps: number;
  /** Thread and shared-cell state; present only when the spec has threads. */
  readonly mem?: ThreadsState;
}

/** A message sent during a step, as shown in traces. */
export interface SentRecord {
  readonly id: string;
  readonly to: string;
  readonly type: string;
  readonly lost?: true;
}

/** Readable record of one step. Optional fields appear only when they apply. */
export interface StepEvent {
  readonly step: number;
  readonly time: number;
  readonly choice: string;
  readonly actor?: string;
  readonly from?: string;
  readonly event?: string;
  readonly before?: string;
  readonly after?: string;
  readonly sent?: readonly SentRecord[];
  readonly fault?: string;
  readonly note?: string;
}

/** What step returns. */
export interface StepResult {
  readonly world: World;
  readonly event: StepEvent;
  readonly footprint: Footprint;
}

const NET = '$net';
const CRASHED_HASH = 'crashed';

function slotOf(snapshot: AnyMachineSnapshot, incarnation: number, durable?: Json): ActorSlot {
  return durable === undefined
    ? { snapshot, hash: snapshotHash(snapshot), incarnation }
    : { snapshot, hash: snapshotHash(snapshot), incarnation, durable };
}

function specOf(w: World, id: string): ActorSpec {
  const s = w.spec.actors.find((a) => a.id === id);
  assert(s, `no actor spec for ${id}`);
  return s;
}

/** Mutable scratch used while applying one step. */
interface Draft {
  clock: ClockState;
  transport: TransportState;
  actors: Record<string, ActorSlot>;
  used: FaultCounts;
  mem?: ThreadsState;
  reads: Set<string>;
  writes: Set<string>;
  sent: SentRecord[];
}

function applyEffects(w: World, d: Draft, actor: string, fx: Effects): void {
  // Scheduling uses `now` (fireAt = now + delay), and scheduling or cancelling can change which
  // timer is earliest — the only one enabled — so such a step reads `clock`, which every firing
  // writes. A step that touches no timer does not read the clock: models cannot see time.
  if (fx.cancel.length > 0 || fx.schedule.length > 0) d.reads.add('clock');
  for (const key of fx.cancel) {
    d.clock = clockCancel(d.clock, actor, key);
    d.writes.add(`timer:${actor}/${key}`);
  }
  for (const t of fx.schedule) {
    d.clock = clockSchedule(d.clock, actor, t.key, t.delayMs, t.event);
    // Per-timer objects: schedules of different timers commute (ties break by owner and the
    // owner's own sequence); which timer is earliest is ordered through `clock` (above).
    d.writes.add(`timer:${actor}/${t.key}`);
  }
  for (const s of fx.sends) {
    if (!w.actorIds.includes(s.to)) {
      throw new RacelabError('E_MODEL', `actor '${actor}' sent '${s.msg.type}' to unknown actor '${s.to}'; known actors: ${w.actorIds.join(', ')}`);
    }
    const r = transportSend(d.transport, actor, s.to, s.msg, d.clock.now);
    d.transport = r.transport;
    d.writes.add(`link:${linkKey(actor, s.to)}`);
    d.sent.push(r.lost ? { id: r.message.id, to: s.to, type: s.msg.type, lost: true } : { id: r.message.id, to: s.to, type: s.msg.type });
  }
}

/** Builds the initial world: every actor started, its entry effects applied. */
export function createWorld(spec: WorldSpec): World {
  const actorIds = spec.actors.map((a) => a.id).sort();
  const ids = new Set(actorIds);
  assert(ids.size === actorIds.length, 'duplicate actor id in world spec');
  let w: World = { spec, actorIds, clock: clockInit(), transport: transportInit(), actors: {}, used: faultCountsZero(), steps: 0 };
  const d: Draft = { clock: w.clock, transport: w.transport, actors: {}, used: w.used, reads: new Set(), writes: new Set(), sent: [] };
  for (const id of actorIds) {
    const r = hostStart(specOf(w, id));
    d.actors[id] = slotOf(r.snapshot, 0);
    w = { ...w, actors: d.actors };
    applyEffects(w, d, id, r.effects);
  }
  const mem = spec.threads ? { mem: threadsInit(spec.threads, spec.cells ?? {}) } : {};
  return { ...w, clock: d.clock, transport: d.transport, actors: d.actors, ...mem };
}

function canAccept(w: World, actor: string, event: EventObject): boolean {
  const snap = w.actors[actor]?.snapshot;
  if (!snap || snap.status !== 'active') return false;
  return hostCan(specOf(w, actor), snap, event);
}

/** Choices enabled in `w`, in canonical order. */
export function enabled(w: World): Choice[] {
  const out: Choice[] = [];
  const { faults } = w.spec;
  const now = w.clock.now;
  for (const link of Object.keys(w.transport.links)) {
    if (isPartitioned(w.transport, link, now)) continue;
    const q = w.transport.links[link]!;
    q.forEach((m, i) => {
      if (i === 0) out.push({ kind: 'deliver', msg: m.id });
      else if (faultAllowed(faults, w.used, 'reorder')) out.push({ kind: 'reorder', msg: m.id });
      if (faultAllowed(faults, w.used, 'drop')) out.push({ kind: 'drop', msg: m.id });
      if (faultAllowed(faults, w.used, 'duplicate')) out.push({ kind: 'duplicate', msg: m.id });
      if (!m.corrupted && faultAllowed(faults, w.used, 'corrupt')) out.push({ kind: 'corrupt', msg: m.id });
    });
    if (faultAllowed(faults, w.used, 'partition')) out.push({ kind: 'partition', link });
  }
  const next = clockNext(w.clock);
  if (next) out.push({ kind: 'timer', timer: next.id });
  for (const id of w.spec.crashable) {
    const slot = w.actors[id];
    if (!slot) continue;
    if (slot.snapshot && faultAllowed(faults, w.used, 'crash')) out.push({ kind: 'crash', actor: id });
    if (!slot.snapshot && faultAllowed(faults, w.used, 'restart')) out.push({ kind: 'restart', actor: id });
  }
  if (faultAllowed(faults, w.used, 'inject')) {
    for (const inj of w.spec.injectables) {
      if (canAccept(w, inj.actor, inj.event)) out.push({ kind: 'inject', actor: inj.actor, event: inj.event.type });
    }
  }
  if (w.mem) for (const id of enabledThreads(w.mem)) out.push({ kind: 'thread', thread: id });
  return out.sort(compareChoices);
}

/** Runs `event` on `actor` inside a draft: transition, effects, readable before/after. */
function runActor(w: World, d: Draft, actor: string, event: EventObject, rec: Record<string, unknown>): void {
  const slot = d.actors[actor]!;
  d.writes.add(`actor:${actor}`);
  rec.actor = actor;
  rec.event = event.type;
  if (!slot.snapshot) {
    rec.note = 'lost: actor crashed';
    return;
  }
  rec.before = stateText(slot.snapshot.value);
  if (slot.snapshot.status !== 'active') {
    rec.after = rec.before;
    rec.note = `ignored: actor ${slot.snapshot.status}`;
    return;
  }
  const r = hostDeliver(specOf(w, actor), slot.snapshot, event);
  if (r.snapshot !== slot.snapshot) d.actors[actor] = slotOf(r.snapshot, slot.incarnation, slot.durable);
  rec.after = stateText(r.snapshot.value);
  const fx = r.effects;
  const inert = fx.sends.length === 0 && fx.schedule.length === 0 && fx.cancel.length === 0;
  if (r.snapshot === slot.snapshot && inert) rec.note = 'ignored: not handled in this state';
  applyEffects(w, d, actor, r.effects);
}

function deliverMessage(w: World, d: Draft, m: Message, rec: Record<string, unknown>): void {
  rec.from = m.from;
  const ev = { ...m.body, $from: m.from, $digest: m.digest } as EventObject;
  runActor(w, d, m.to, ev, rec);
}

function applyChoice(w: World, d: Draft, c: Choice, rec: Record<string, unknown>): void {
  switch (c.kind) {
    case 'deliver':
    case 'reorder': {
      const found = findMessage(d.transport, c.msg);
      assert(found, `${choiceKey(c)} is not enabled`);
      if (c.kind === 'reorder') { d.used = faultUse(d.used, 'reorder'); rec.fault = 'reorder'; }
      const r = transportTake(d.transport, c.msg);
      d.transport = r.transport;
      d.writes.add(`msg:${c.msg}`).add(`link:${found.link}`);
      deliverMessage(w, d, r.message, rec);
      return;
    }
    case 'drop': {
      const r = transportTake(d.transport, c.msg);
      d.transport = r.transport;
      d.used = faultUse(d.used, 'drop');
      d.writes.add(`msg:${c.msg}`).add(`link:${linkKey(r.message.from, r.message.to)}`);
      rec.fault = 'drop';
      return;
    }
    case 'duplicate': {
      const r = transportDuplicate(d.transport, c.msg);
      d.transport = r.transport;
      d.used = faultUse(d.used, 'duplicate');
      d.writes.add(`msg:${c.msg}`).add(`link:${linkKey(r.copy.from, r.copy.to)}`);
      rec.fault = 'duplicate';
      rec.note = `copy ${r.copy.id}`;
      return;
    }
    case 'corrupt':
      d.transport = transportCorrupt(d.transport, c.msg);
      d.used = faultUse(d.used, 'corrupt');
      d.writes.add(`msg:${c.msg}`);
      rec.fault = 'corrupt';
      return;
    case 'partition': {
      const until = d.clock.now + w.spec.partitionMs;
      const r = transportPartition(d.transport, c.link, until);
      d.transport = r.transport;
      d.clock = clockSchedule(d.clock, NET, `heal:${c.link}`, w.spec.partitionMs, null);
      d.used = faultUse(d.used, 'partition');
      d.reads.add('clock');
      d.writes.add(`link:${c.link}`).add(`timer:${NET}/heal:${c.link}`);
      for (const m of r.lost) d.writes.add(`msg:${m.id}`);
      rec.fault = 'partition';
      rec.note = `cut until t=${until}; lost ${r.lost.length}`;
      return;
    }
    case 'timer': {
      const fired = clockFire(d.clock, c.timer);
      assert(fired, `${choiceKey(c)} is not enabled`);
      // Time moving past a partition's end re-enables its link (sends stop being lost), so the
      // firing writes that link even when the heal timer itself has not fired yet (a tie).
      for (const [link, until] of Object.entries(d.transport.partitions)) {
        if (d.clock.now < until && fired.clock.now >= until) d.writes.add(`link:${link}`);
      }
      d.clock = fired.clock;
      d.writes.add('clock').add(`timer:${c.timer}`);
      const t = fired.timer;
      if (t.owner === NET) {
        const link = t.key.slice('heal:'.length);
        d.transport = transportHeal(d.transport, link);
        d.writes.add(`link:${link}`);
        rec.note = `healed ${link}`;
        return;
      }
      const ev = (t.event ?? { type: t.key }) as EventObject;
      runActor(w, d, t.owner, ev, rec);
      return;
    }
    case 'crash': {
      const slot = d.actors[c.actor]!;
      assert(slot.snapshot, `${choiceKey(c)} is not enabled`);
      const spec = specOf(w, c.actor);
      const durable = spec.durable ? spec.durable(slot.snapshot) : undefined;
      rec.actor = c.actor;
      rec.before = stateText(slot.snapshot.value);
      rec.after = 'crashed';
      d.actors[c.actor] = durable === undefined
        ? { snapshot: null, hash: CRASHED_HASH, incarnation: slot.incarnation }
        : { snapshot: null, hash: CRASHED_HASH, incarnation: slot.incarnation, durable };
      const owned = d.clock.timers.filter((t) => t.owner === c.actor);
      for (const t of owned) d.writes.add(`timer:${t.id}`);
      if (owned.length > 0) d.reads.add('clock'); // cancelling may change the earliest timer
      d.clock = clockCancelOwner(d.clock, c.actor);
      d.used = faultUse(d.used, 'crash');
      d.writes.add(`actor:${c.actor}`);
      rec.fault = 'crash';
      return;
    }
    case 'restart': {
      const slot = d.actors[c.actor]!;
      assert(!slot.snapshot, `${choiceKey(c)} is not enabled`);
      const r = hostStart(specOf(w, c.actor), slot.durable);
      d.actors[c.actor] = slotOf(r.snapshot, slot.incarnation + 1, slot.durable);
      d.used = faultUse(d.used, 'restart');
      d.reads.add('clock');
      d.writes.add(`actor:${c.actor}`);
      rec.actor = c.actor;
      rec.before = 'crashed';
      rec.after = stateText(r.snapshot.value);
      rec.fault = 'restart';
      applyEffects(w, d, c.actor, r.effects);
      return;
    }
    case 'thread': {
      const program = w.spec.threads?.find((t) => t.id === c.thread);
      assert(program && d.mem, `${choiceKey(c)} is not a thread of this world`);
      const r = threadStep(d.mem, program, c.thread);
      d.mem = r.state;
      for (const x of r.footprint.reads) d.reads.add(x);
      for (const x of r.footprint.writes) d.writes.add(x);
      rec.actor = c.thread;
      rec.event = opText(r.op);
      if (r.outcome) rec.note = r.outcome;
      return;
    }
    case 'inject': {
      const inj = w.spec.injectables.find((i) => i.actor === c.actor && i.event.type === c.event);
      assert(inj, `${choiceKey(c)} is not an injectable of this world`);
      d.used = faultUse(d.used, 'inject');
      rec.fault = 'inject';
      runActor(w, d, c.actor, inj.event as EventObject, rec);
      return;
    }
  }
}

/** Applies `c` (which must be enabled) and returns the next world, a readable event and the footprint. */
export function step(w: World, c: Choice): StepResult {
  const d: Draft = {
    clock: w.clock, transport: w.transport, actors: c.kind === 'thread' ? w.actors : { ...w.actors }, used: w.used,
    mem: w.mem, reads: new Set(), writes: new Set(), sent: [],
  };
  const rec: Record<string, unknown> = { step: w.steps, time: 0, choice: choiceKey(c) };
  applyChoice(w, d, c, rec);
  rec.time = d.clock.now;
  if (d.sent.length > 0) rec.sent = d.sent;
  // A fault consumes its kind's per-execution budget, which every fault of that kind reads.
  if (FAULT_CHOICE_KINDS.has(c.kind)) d.writes.add(`faults:${c.kind}`);
  const world: World = { spec: w.spec, actorIds: w.actorIds, clock: d.clock, transport: d.transport, actors: d.actors, used: d.used, steps: w.steps + 1 };
  if (d.mem) (world as { mem?: ThreadsState }).mem = d.mem;
  const writes = [...d.writes].sort();
  const reads = [...d.reads].filter((r) => !d.writes.has(r)).sort();
  return { world, event: rec as unknown as StepEvent, footprint: { reads, writes } };
}

/** True when choice `c` is enabled in `w` (compared by key). */
export function isEnabled(w: World, c: Choice): boolean {
  const key = choiceKey(c);
  return enabled(w).some((e) => choiceKey(e) === key);
}

/** Messages currently in flight, in canonical order. */
export function worldInFlight(w: World): Message[] {
  return inFlight(w.transport);
}
