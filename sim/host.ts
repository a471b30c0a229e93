// Actor host: runs an XState v5 machine through the pure API (initialTransition / transition).
// Owns: turning a machine's returned actions into data effects — SEND_EVENT emits become
// transport sends, delayed raises (including `after`) become virtual timers with explicit ids,
// cancel removes a timer — and the canonical view of a snapshot (value, context, status) that
// is hashed. It never calls createActor, never starts real timers and never hashes sessionId or
// startedAt. Model code runs under the ambient-nondeterminism guard.
import { initialTransition, transition, type AnyStateMachine, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { hashValue, type Json } from './canonical.js';
import { SEND_EVENT, type MessageBody } from './conventions.js';
import { withAmbientGuard } from './guard.js';
import { RacelabError } from './errors.js';

/** How a world builds one actor. `durable` says what survives a crash (passed back on restart). */
export interface ActorSpec {
  readonly id: string;
  readonly machine: AnyStateMachine;
  readonly input?: Json;
  readonly durable?: (snapshot: AnyMachineSnapshot) => Json;
}

/** Side effects of one transition, as data. */
export interface Effects {
  readonly sends: readonly { to: string; msg: MessageBody }[];
  readonly schedule: readonly { key: string; delayMs: number; event: Json }[];
  readonly cancel: readonly string[];
}

/** Result of running model code once. */
export interface HostResult {
  readonly snapshot: AnyMachineSnapshot;
  readonly effects: Effects;
}

function modelName(spec: ActorSpec): string {
  return `${spec.machine.id} (actor ${spec.id})`;
}

/** Reads effects out of XState's executable actions. */
function effectsOf(spec: ActorSpec, actions: readonly { type: string; params?: unknown }[]): Effects {
  const sends: { to: string; msg: MessageBody }[] = [];
  const schedule: { key: string; delayMs: number; event: Json }[] = [];
  const cancel: string[] = [];
  for (const a of actions) {
    const p = (a.params ?? {}) as Record<string, unknown>;
    if (a.type === 'xstate.emit') {
      const ev = p.event as { type?: string; to?: unknown; msg?: unknown } | undefined;
      if (ev?.type === SEND_EVENT) {
        if (typeof ev.to !== 'string' || typeof ev.msg !== 'object' || ev.msg === null) {
          throw new RacelabError('E_MODEL', `model ${modelName(spec)} emitted a malformed ${SEND_EVENT} (needs string 'to' and object 'msg')`);
        }
        sends.push({ to: ev.to, msg: ev.msg as MessageBody });
      }
    } else if (a.type === 'xstate.raise' && typeof p.delay === 'number') {
      if (typeof p.id !== 'string') {
        throw new RacelabError('E_MODEL', `model ${modelName(spec)} raised a delayed event without an explicit id; give raise(..., { delay, id })`);
      }
      schedule.push({ key: p.id, delayMs: p.delay, event: p.event as Json });
    } else if (a.type === 'xstate.cancel' && typeof p.sendId === 'string') {
      cancel.push(p.sendId);
    } else if (a.type === 'xstate.sendTo') {
      throw new RacelabError('E_MODEL', `model ${modelName(spec)} used sendTo; send messages with netSend(to, msg) so they pass through the virtual transport`);
    }
  }
  return { sends, schedule, cancel };
}

/** Starts (or restarts) an actor. `restored` is its durable state after a crash, if any. */
export function hostStart(spec: ActorSpec, restored?: Json): HostResult {
  const input = restored === undefined ? spec.input : { ...((spec.input as object) ?? {}), restored };
  return withAmbientGuard(modelName(spec), () => {
    const [snapshot, actions] = initialTransition(spec.machine, input as never);
    return { snapshot, effects: effectsOf(spec, actions as never) };
  });
}

/** Delivers `event` to the actor. An event the machine does not handle leaves the snapshot identical. */
export function hostDeliver(spec: ActorSpec, snapshot: AnyMachineSnapshot, event: EventObject): HostResult {
  return withAmbientGuard(modelName(spec), () => {
    const [next, actions] = transition(spec.machine, snapshot, event);
    return { snapshot: next, effects: effectsOf(spec, actions as never) };
  });
}

/** Dotted text of a state value: `a`, `a.b`, or `{p:a,q:b}` for parallel states. */
export function stateText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => {
      const sub = (value as Record<string, unknown>)[k];
      const inner = stateText(sub);
      return typeof sub === 'string' && Object.keys(value).length === 1 ? `${k}.${inner}` : `${k}:${inner}`;
    });
    return entries.length === 1 ? entries[0]! : `{${entries.join(',')}}`;
  }
  return String(value);
}

/** The hashed, canonical view of a snapshot. */
export function snapshotView(snapshot: AnyMachineSnapshot): { value: Json; context: Json; status: string } {
  return { value: snapshot.value as Json, context: (snapshot.context ?? null) as Json, status: snapshot.status };
}

/** Hash of a snapshot's canonical view. */
export function snapshotHash(snapshot: AnyMachineSnapshot): string {
  return hashValue(snapshotView(snapshot));
}
