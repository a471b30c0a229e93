// Virtual clock and timer queue.
// Owns: the current virtual time and the pending timers of every actor (and the kernel's own
// partition-heal timers). Only the earliest timer may fire; ties on the deadline are broken by
// (owner id, the owner's scheduling sequence number), which depends only on the owner's own
// history, never on how steps of different actors were interleaved. Pure functions over
// immutable data: every operation returns a new ClockState.
import type { Json } from './canonical.js';

/** A pending timer. `id` is `${owner}/${key}`; `key` is the model's explicit delay id. */
export interface Timer {
  readonly id: string;
  readonly owner: string;
  readonly key: string;
  readonly fireAt: number;
  readonly seq: number;
  readonly event: Json;
}

/** The clock: virtual time in ms and the timer queue sorted by firing order. */
export interface ClockState {
  readonly now: number;
  readonly timers: readonly Timer[];
  readonly seqByOwner: Readonly<Record<string, number>>;
}

/** A clock at time 0 with no timers. */
export function clockInit(): ClockState {
  return { now: 0, timers: [], seqByOwner: {} };
}

function timerOrder(a: Timer, b: Timer): number {
  if (a.fireAt !== b.fireAt) return a.fireAt - b.fireAt;
  if (a.owner !== b.owner) return a.owner < b.owner ? -1 : 1;
  return a.seq - b.seq;
}

/** Schedules (or re-schedules, replacing the same id) a timer `delayMs` from now. */
export function clockSchedule(c: ClockState, owner: string, key: string, delayMs: number, event: Json): ClockState {
  const id = `${owner}/${key}`;
  const seq = (c.seqByOwner[owner] ?? 0) + 1;
  const timer: Timer = { id, owner, key, fireAt: c.now + Math.max(0, delayMs), seq, event };
  const timers = c.timers.filter((t) => t.id !== id);
  timers.push(timer);
  timers.sort(timerOrder);
  return { now: c.now, timers, seqByOwner: { ...c.seqByOwner, [owner]: seq } };
}

/** Removes the timer `${owner}/${key}` if pending. */
export function clockCancel(c: ClockState, owner: string, key: string): ClockState {
  const id = `${owner}/${key}`;
  if (!c.timers.some((t) => t.id === id)) return c;
  return { ...c, timers: c.timers.filter((t) => t.id !== id) };
}

/** Removes every timer of `owner` (its host crashed). */
export function clockCancelOwner(c: ClockState, owner: string): ClockState {
  if (!c.timers.some((t) => t.owner === owner)) return c;
  return { ...c, timers: c.timers.filter((t) => t.owner !== owner) };
}

/** The next timer to fire, if any. */
export function clockNext(c: ClockState): Timer | undefined {
  return c.timers[0];
}

/** Fires the earliest timer: advances time to its deadline and removes it. */
export function clockFire(c: ClockState, id: string): { clock: ClockState; timer: Timer } | undefined {
  const timer = c.timers[0];
  if (!timer || timer.id !== id) return undefined;
  return { clock: { now: Math.max(c.now, timer.fireAt), timers: c.timers.slice(1), seqByOwner: c.seqByOwner }, timer };
}
