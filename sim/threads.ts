// Thread-program front end: threads stepping over shared integer cells (sequential consistency).
// Owns: ThreadProgram (a small program written as an explicit state machine over plain local
// state), ThreadOp (read, write, CAS, lock, unlock), thread/cell state inside a World, which
// thread steps are enabled (a lock on a held lock cell is not), applying one access, and the
// footprint of a thread's next access, known before it runs. It does not decide schedules.
// Local computation between accesses is not a step: `resume` runs it as part of the access.
import { assert } from './assert.js';
import type { Footprint } from './choice.js';

/** One shared-memory access. Lock cells hold 0 (free) or 1 (held). */
export type ThreadOp =
  | { readonly op: 'read'; readonly cell: string }
  | { readonly op: 'write'; readonly cell: string; readonly value: number }
  | { readonly op: 'cas'; readonly cell: string; readonly expect: number; readonly value: number }
  | { readonly op: 'lock'; readonly cell: string }
  | { readonly op: 'unlock'; readonly cell: string };

/** A thread's local variables (plain numbers, so they hash canonically). */
export type ThreadLocal = Readonly<Record<string, number>>;

/**
 * A thread, as a program over its local state. `next` names the next access (null when the
 * thread has finished); `resume` returns the local state after that access produced `result`
 * (the value read for read; 1/0 for a CAS that succeeded/failed; 0 otherwise). Both must be pure.
 */
export interface ThreadProgram {
  readonly id: string;
  readonly init: ThreadLocal;
  next(local: ThreadLocal): ThreadOp | null;
  resume(local: ThreadLocal, result: number): ThreadLocal;
}

/** One thread's slot in a world: its locals and its next access (null when finished). */
export interface ThreadSlot {
  readonly local: ThreadLocal;
  readonly op: ThreadOp | null;
  readonly steps: number;
}

/** Thread and cell state of a world. */
export interface ThreadsState {
  readonly threads: Readonly<Record<string, ThreadSlot>>;
  readonly cells: Readonly<Record<string, number>>;
}

/** Builds the initial thread state: every cell at its initial value, every thread at `init`. */
export function threadsInit(programs: readonly ThreadProgram[], cells: Readonly<Record<string, number>>): ThreadsState {
  const threads: Record<string, ThreadSlot> = {};
  for (const p of programs) {
    assert(!(p.id in threads), `duplicate thread id ${p.id}`);
    threads[p.id] = { local: p.init, op: p.next(p.init), steps: 0 };
  }
  return { threads, cells: { ...cells } };
}

/** Current value of a cell (cells not listed at start read as 0). */
export function cellValue(s: ThreadsState, cell: string): number {
  return s.cells[cell] ?? 0;
}

/** True when thread `id` has a next access and it is not a lock on a held lock. */
export function threadEnabled(s: ThreadsState, id: string): boolean {
  const op = s.threads[id]?.op;
  if (!op) return false;
  return op.op !== 'lock' || cellValue(s, op.cell) === 0;
}

/** Ids of enabled threads, in code-unit order. */
export function enabledThreads(s: ThreadsState): string[] {
  return Object.keys(s.threads).filter((id) => threadEnabled(s, id)).sort();
}

/** True when a CAS (or other access) would write its cell in state `s`. */
function writesCell(s: ThreadsState, op: ThreadOp): boolean {
  switch (op.op) {
    case 'read': return false;
    case 'cas': return cellValue(s, op.cell) === op.expect;
    default: return true;
  }
}

/**
 * Footprint of thread `id`'s next access in state `s`, before it runs: the thread's own slot is
 * written; the cell is written (write, successful CAS, lock, unlock) or read (read, failed CAS).
 */
export function threadFootprint(s: ThreadsState, id: string): Footprint {
  const op = s.threads[id]?.op;
  assert(op, `thread ${id} has no next access`);
  const cell = `cell:${op.cell}`;
  return writesCell(s, op)
    ? { reads: [], writes: [cell, `thread:${id}`].sort() }
    : { reads: [cell], writes: [`thread:${id}`] };
}

/** Readable text of an access, e.g. `cas table[3] 0→11`. */
export function opText(op: ThreadOp): string {
  switch (op.op) {
    case 'read': return `read ${op.cell}`;
    case 'write': return `write ${op.cell}=${op.value}`;
    case 'cas': return `cas ${op.cell} ${op.expect}→${op.value}`;
    case 'lock': return `lock ${op.cell}`;
    case 'unlock': return `unlock ${op.cell}`;
  }
}

/** Result of one thread step. */
export interface ThreadStepResult {
  readonly state: ThreadsState;
  readonly footprint: Footprint;
  readonly op: ThreadOp;
  /** Readable outcome, e.g. `→ 0` for a read, `ok`/`failed` for a CAS. */
  readonly outcome: string;
}

/** Applies thread `id`'s next access (which must be enabled). */
export function threadStep(s: ThreadsState, program: ThreadProgram, id: string): ThreadStepResult {
  const slot = s.threads[id];
  assert(slot && slot.op && threadEnabled(s, id), `thread ${id} is not enabled`);
  const op = slot.op;
  const footprint = threadFootprint(s, id);
  const old = cellValue(s, op.cell);
  let result = 0;
  let value = old;
  let outcome = '';
  switch (op.op) {
    case 'read': result = old; outcome = `→ ${old}`; break;
    case 'write': value = op.value; break;
    case 'cas': result = old === op.expect ? 1 : 0; if (result) value = op.value; outcome = result ? 'ok' : `failed (${old})`; break;
    case 'lock': value = 1; break;
    case 'unlock': value = 0; break;
  }
  const local = program.resume(slot.local, result);
  const threads = { ...s.threads, [id]: { local, op: program.next(local), steps: slot.steps + 1 } };
  const cells = value === old ? s.cells : { ...s.cells, [op.cell]: value };
  return { state: { threads, cells }, footprint, op, outcome };
}

/** Canonical, hashable form of thread state (sorted ids and cells). */
export function threadsHashable(s: ThreadsState): unknown {
  return {
    threads: Object.keys(s.threads).sort().map((id) => [id, s.threads[id]!.local, s.threads[id]!.op === null]),
    cells: Object.keys(s.cells).sort().filter((c) => s.cells[c] !== 0).map((c) => [c, s.cells[c]!]),
  };
}
