// Actor host: runs an XState v5 machine through the pure API (initialTransition / transition).
// Owns: turning a machine's returned actions into data effects — SEND_EVENT emits become
// transport sends, delayed raises (including `after`) become virtual timers with explicit ids,
// cancel removes a timer — and the canonical view of a snapshot (value, context, status) that
// is hashed. It never runs an actor (createActor only builds the inert scope XState's pure API
// needs), never starts real timers and never hashes sessionId or startedAt. Model code runs under
// the ambient-nondeterminism guard. Two speed levers live here: a bounded transition memo and
// reuse of the inert scope; both change no output (sim/host.memo.test.ts).
import { createActor, initialTransition, transition, type AnyStateMachine, type AnyMachineSnapshot, type EventObject } from 'xstate';
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

/**
 * Transition memo (a speed lever, measured in harness/bench): XState's pure API is a function of
 * (machine, snapshot, event), snapshots are immutable and model code may not read ambient state
 * (the guard enforces it), so a result computed once can be handed out again. Keys are the
 * snapshot object itself (weakly held) and the event's JSON text; starts are keyed by machine and
 * input. Reusing result snapshots also interns them, so their hashes are computed once. The memo
 * is bounded by entriesMax: when full it is dropped whole and refilled (no order-dependent
 * eviction). It changes no output, only how often model code runs; entriesMax 0 turns it off.
 */
interface Memo {
  entriesMax: number;
  entries: number;
  hits: number;
  misses: number;
  starts: WeakMap<AnyStateMachine, Map<string, HostResult>>;
  delivers: WeakMap<AnyMachineSnapshot, Map<string, HostResult>>;
  hashes: WeakMap<AnyMachineSnapshot, string>;
}

/** Default bound on memoized transitions per process. */
export const HOST_MEMO_ENTRIES_MAX_DEFAULT = 50_000;

const memo: Memo = freshMemo(HOST_MEMO_ENTRIES_MAX_DEFAULT);

function freshMemo(entriesMax: number): Memo {
  return { entriesMax, entries: 0, hits: 0, misses: 0, starts: new WeakMap(), delivers: new WeakMap(), hashes: new WeakMap() };
}

function memoStart(machine: AnyStateMachine): Map<string, HostResult> {
  let m = memo.starts.get(machine);
  if (!m) memo.starts.set(machine, (m = new Map()));
  return m;
}

function memoDeliver(snapshot: AnyMachineSnapshot): Map<string, HostResult> {
  let m = memo.delivers.get(snapshot);
  if (!m) memo.delivers.set(snapshot, (m = new Map()));
  return m;
}

function hit(r: HostResult): HostResult {
  memo.hits++;
  return r;
}

function remember(table: Map<string, HostResult>, key: string, r: HostResult): void {
  memo.misses++;
  if (memo.entries >= memo.entriesMax) {
    Object.assign(memo, freshMemo(memo.entriesMax), { hits: memo.hits, misses: memo.misses });
    return;
  }
  memo.entries++;
  table.set(key, r);
}

/** Sets the memo bound (0 disables it) and empties the memo. Returns the previous bound. */
export function configureHostMemo(entriesMax: number): number {
  const previous = memo.entriesMax;
  Object.assign(memo, freshMemo(Math.max(0, Math.floor(entriesMax))));
  return previous;
}

/** Memo counters since the last configureHostMemo (for benchmarks and tests). */
export function hostMemoStats(): { entriesMax: number; entries: number; hits: number; misses: number } {
  return { entriesMax: memo.entriesMax, entries: memo.entries, hits: memo.hits, misses: memo.misses };
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
      // A cancel after a schedule of the same id in this one transition (a state entered and
      // left in one macrostep) removes that schedule: the world applies cancels before schedules.
      const key = p.sendId;
      for (let i = schedule.length - 1; i >= 0; i--) if (schedule[i]!.key === key) schedule.splice(i, 1);
      cancel.push(key);
    } else if (a.type === 'xstate.sendTo') {
      throw new RacelabError('E_MODEL', `model ${modelName(spec)} used sendTo; send messages with netSend(to, msg) so they pass through the virtual transport`);
    }
  }
  return { sends, schedule, cancel };
}

/** Starts (or restarts) an actor. `restored` is its durable state after a crash, if any. */
export function hostStart(spec: ActorSpec, restored?: Json): HostResult {
  const input = restored === undefined ? spec.input : { ...((spec.input as object) ?? {}), restored };
  const key = memo.entriesMax > 0 ? JSON.stringify(input ?? null) : '';
  const cached = key ? memoStart(spec.machine).get(key) : undefined;
  if (cached) return hit(cached);
  const result = withAmbientGuard(modelName(spec), () => {
    const [snapshot, actions] = initialTransition(spec.machine, input as never);
    return { snapshot, effects: effectsOf(spec, actions as never) };
  });
  if (key) remember(memoStart(spec.machine), key, result);
  return result;
}

/** Delivers `event` to the actor. An event the machine does not handle leaves the snapshot identical. */
export function hostDeliver(spec: ActorSpec, snapshot: AnyMachineSnapshot, event: EventObject): HostResult {
  const key = memo.entriesMax > 0 ? JSON.stringify(event) : '';
  const table = key ? memoDeliver(snapshot) : undefined;
  const cached = table?.get(key);
  if (cached) return hit(cached);
  const result = withAmbientGuard(modelName(spec), () => {
    const [next, actions] = fastTransition(spec.machine, snapshot, event) ?? transition(spec.machine, snapshot, event);
    return { snapshot: next, effects: effectsOf(spec, actions as never) };
  });
  if (table) remember(table, key, result);
  return result;
}

/**
 * Scope reuse (a speed lever, measured in harness/bench): XState's `transition` builds a fresh
 * inert actor scope (a whole createActor, which evaluates the machine's initial state) on every
 * call. For machines without child actors that scope carries nothing from one call to the next,
 * so one scope per machine is built the same way and reused; only the action collector is reset.
 * A machine whose snapshots have children falls back to XState's `transition` for good.
 */
interface SharedScope {
  readonly scope: Record<string, unknown>;
  readonly actions: unknown[];
}

const scopes = { reuse: true, byMachine: new WeakMap<AnyStateMachine, SharedScope | null>() };

function sharedScope(machine: AnyStateMachine): SharedScope | null {
  let s = scopes.byMachine.get(machine);
  if (s === undefined) {
    const self = createActor(machine);
    const actions: unknown[] = [];
    const noop = (): void => {};
    const scope = { self, defer: noop, id: '', logger: noop, sessionId: '', stopChild: noop, system: self.system, emit: noop, actionExecutor: (a: unknown) => void actions.push(a) };
    scopes.byMachine.set(machine, (s = { scope, actions }));
  }
  return s;
}

type Transition = [AnyMachineSnapshot, readonly unknown[]];

function fastTransition(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): Transition | undefined {
  if (!scopes.reuse || Object.keys(snapshot.children).length > 0) return undefined;
  const shared = sharedScope(machine);
  if (!shared) return undefined;
  shared.actions.length = 0;
  const next = machine.transition(snapshot, event, shared.scope as never) as AnyMachineSnapshot;
  if (Object.keys(next.children).length > 0) {
    scopes.byMachine.set(machine, null);
    return undefined;
  }
  return [next, shared.actions.slice()];
}

/** Turns scope reuse on or off (off: every transition goes through XState's `transition`). */
export function configureHostScopeReuse(on: boolean): boolean {
  const previous = scopes.reuse;
  scopes.reuse = on;
  scopes.byMachine = new WeakMap();
  return previous;
}

/**
 * Whether the actor in `snapshot` would handle `event` (XState's `snapshot.can`), under the
 * guard; memoized with the transitions, so listing injectable events costs a lookup.
 */
export function hostCan(spec: ActorSpec, snapshot: AnyMachineSnapshot, event: EventObject): boolean {
  const key = memo.entriesMax > 0 ? `can ${JSON.stringify(event)}` : '';
  const table = key ? memoDeliver(snapshot) : undefined;
  const cached = table?.get(key);
  if (cached) return hit(cached).effects === CAN_YES;
  const can = withAmbientGuard(modelName(spec), () => snapshot.can(event));
  if (table) remember(table, key, { snapshot, effects: can ? CAN_YES : CAN_NO });
  return can;
}

/** Sentinel effects marking a memoized `can` answer (never applied: hostCan returns a boolean). */
const CAN_YES: Effects = Object.freeze({ sends: [], schedule: [], cancel: [] });
const CAN_NO: Effects = Object.freeze({ sends: [], schedule: [], cancel: [] });

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

/** Hash of a snapshot's canonical view (cached per snapshot object: snapshots are immutable). */
export function snapshotHash(snapshot: AnyMachineSnapshot): string {
  if (memo.entriesMax === 0) return hashValue(snapshotView(snapshot));
  let h = memo.hashes.get(snapshot);
  if (h === undefined) {
    h = hashValue(snapshotView(snapshot));
    memo.hashes.set(snapshot, h);
  }
  return h;
}
