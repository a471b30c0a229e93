// Wakeup trees and sleep-set tests of optimal DPOR (Abdulla, Aronis, Jonsson & Sagonas, POPL 2014;
// JACM 2017, "Source Sets: A Foundation for Optimal Dynamic Partial Order Reduction").
// Owns: the plain-data wakeup tree (ordered children, each an event with its footprint at that
// node), initials and weak initials of a sequence, and the insert operation. Everything here is
// plain data so a DFS frame can be printed, checkpointed and handed to another worker.
import { dependent, type SearchEvent } from './search.js';

/** A wakeup-tree node: an event to run next and what to run after it. */
export interface WakeupNode extends SearchEvent {
  readonly children: WakeupNode[];
}

/** Index of the first event of process `key` in `v`, or -1. */
function firstOf(v: readonly SearchEvent[], key: string): number {
  for (let k = 0; k < v.length; k++) if (v[k]!.key === key) return k;
  return -1;
}

/** True when `v[k]` has no dependent predecessor in `v` (it can run first). */
function isInitialAt(v: readonly SearchEvent[], k: number): boolean {
  for (let l = 0; l < k; l++) if (dependent(v[l]!, v[k]!)) return false;
  return true;
}

/**
 * `q` is a weak initial of `v` (q ∈ WI(v)): either q's process has an event in `v` with no
 * dependent predecessor there, or q's process is absent from `v`, `q` is independent of every
 * event of `v` and `q` is steady. The paper's model has only steady processes; a choice that
 * another choice can disable (deliver vs drop of one message) is not guaranteed to happen in
 * every extension, so absence proves nothing for it (the differential test caught this).
 */
export function isWeakInitial(q: SearchEvent, v: readonly SearchEvent[]): boolean {
  const k = firstOf(v, q.key);
  if (k >= 0) return isInitialAt(v, k);
  if (!q.steady) return false;
  for (const e of v) if (dependent(q, e)) return false;
  return true;
}

/** Keys of the initials I(v): processes whose first event in `v` can run first. */
export function initials(v: readonly SearchEvent[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  v.forEach((e, k) => {
    if (seen.has(e.key)) return;
    seen.add(e.key);
    if (isInitialAt(v, k)) out.push(e.key);
  });
  return out;
}

/** `v` without the first event of process `key` (v \ p). */
function without(v: readonly SearchEvent[], key: string): SearchEvent[] {
  const k = firstOf(v, key);
  return k < 0 ? [...v] : [...v.slice(0, k), ...v.slice(k + 1)];
}

function chain(v: readonly SearchEvent[]): WakeupNode {
  let node: WakeupNode = { ...v[v.length - 1]!, children: [] };
  for (let k = v.length - 2; k >= 0; k--) node = { ...v[k]!, children: [node] };
  return node;
}

/**
 * insert[E](v, wut): walks the children in order; at the first child that is a weak initial of
 * the remaining sequence it descends (a leaf there means some equivalent extension is already
 * scheduled); when no child matches, `v` is added as the last branch. Returns true when added.
 */
export function insertWakeup(children: WakeupNode[], v: readonly SearchEvent[]): boolean {
  if (v.length === 0) return false;
  for (const c of children) {
    if (!isWeakInitial(c, v)) continue;
    if (c.children.length === 0) return false;
    return insertWakeup(c.children, without(v, c.key));
  }
  children.push(chain(v));
  return true;
}

/** Number of leaves (sequences still to explore) in a forest. */
export function leafCount(children: readonly WakeupNode[]): number {
  let n = 0;
  for (const c of children) n += c.children.length === 0 ? 1 : leafCount(c.children);
  return n;
}
