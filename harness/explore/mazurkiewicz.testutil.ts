// Test utility: brute-force counting of Mazurkiewicz traces, independent of the DPOR engine.
// Owns two counters over the same dependency relation (footprints, harness/explore/search.ts):
// - naiveTraceCount: enumerates EVERY interleaving (no reduction at all) and groups the complete
//   executions by Foata normal form of their dependency graph. Exponential; for small sizes.
// - lexNormalTraceCount: tries every enabled choice at every state but keeps only prefixes in
//   lexicographic normal form (Anisimov & Knuth: no later event may move, past events it is
//   independent of, in front of a larger one), which is exactly one word per trace. No race
//   analysis, no sleep sets, no wakeup trees: a second opinion that scales to the sizes where
//   threads first collide. A test checks both counters agree wherever the naive one is feasible.
import { createWorld, enabled, type World } from '../../sim/world.js';
import type { RunSetup } from '../setup.js';
import { dependent, invariantDeps, stepEvent, type SearchEvent } from './search.js';

/** Result of a brute-force count. */
export interface TraceCount {
  /** Complete executions (interleavings) enumerated. */
  readonly interleavings: number;
  /** Distinct Mazurkiewicz traces among them. */
  readonly traces: number;
}

/** Foata normal form of an execution: events (key#occurrence) grouped by dependency level. */
export function foataForm(events: readonly SearchEvent[]): string {
  const level: number[] = [];
  const occ = new Map<string, number>();
  const ids = events.map((e) => {
    const k = occ.get(e.key) ?? 0;
    occ.set(e.key, k + 1);
    return `${e.key}#${k}`;
  });
  const levels: string[][] = [];
  events.forEach((e, j) => {
    let lv = 0;
    for (let i = 0; i < j; i++) if (dependent(events[i]!, e)) lv = Math.max(lv, level[i]! + 1);
    level.push(lv);
    (levels[lv] ??= []).push(ids[j]!);
  });
  return levels.map((l) => [...l].sort().join(',')).join(' | ');
}

/** Enumerates every interleaving (up to `interleavingsMax`) and counts Foata normal forms. */
export function naiveTraceCount(setup: RunSetup, interleavingsMax = 2_000_000): TraceCount {
  const deps = invariantDeps(setup.scenario);
  const forms = new Set<string>();
  let interleavings = 0;
  const events: SearchEvent[] = [];
  const walk = (w: World): void => {
    const list = enabled(w);
    if (list.length === 0) {
      interleavings++;
      if (interleavings > interleavingsMax) throw new Error(`naiveTraceCount: more than ${interleavingsMax} interleavings; use a smaller size`);
      forms.add(foataForm(events));
      return;
    }
    for (const c of list) {
      const r = stepEvent(w, c, deps);
      events.push(r.event);
      walk(r.world);
      events.pop();
    }
  };
  walk(createWorld(setup.spec));
  return { interleavings, traces: forms.size };
}

/** True when appending `e` to the lexicographic-normal prefix `prefix` keeps it normal. */
function staysNormal(prefix: readonly SearchEvent[], e: SearchEvent): boolean {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const a = prefix[i]!;
    if (dependent(a, e)) return true;
    if (e.key < a.key) return false;
  }
  return true;
}

/**
 * Counts traces as the complete executions whose words are in lexicographic normal form, and
 * collects every object any event touched (own-thread slots excepted).
 */
export function lexNormalTraceCount(setup: RunSetup): TraceCount & { readonly deadEnds: number; readonly objects: ReadonlySet<string> } {
  const deps = invariantDeps(setup.scenario);
  const objects = new Set<string>();
  let traces = 0;
  let deadEnds = 0;
  const events: SearchEvent[] = [];
  const walk = (w: World): void => {
    const list = enabled(w);
    if (list.length === 0) { traces++; return; }
    let extended = false;
    for (const c of list) {
      const r = stepEvent(w, c, deps);
      for (const o of [...r.event.fp.reads, ...r.event.fp.writes]) if (!o.startsWith('thread:')) objects.add(o);
      if (!staysNormal(events, r.event)) continue;
      extended = true;
      events.push(r.event);
      walk(r.world);
      events.pop();
    }
    if (!extended) deadEnds++;
  };
  walk(createWorld(setup.spec));
  return { interleavings: traces, traces, deadEnds, objects };
}

/** The same setup restricted to some of its threads (thread-only worlds). */
function restrict(setup: RunSetup, ids: readonly string[]): RunSetup {
  const threads = (setup.spec.threads ?? []).filter((t) => ids.includes(t.id));
  return { ...setup, spec: { ...setup.spec, threads } };
}

/**
 * Splits a thread-only program into groups of threads that never touch a common object in any
 * execution: start from single threads, merge groups whose touched objects (over all their
 * executions, run in isolation) intersect, until nothing merges. Threads of different groups
 * are then independent in every execution, so the trace count is the product of group counts.
 */
export function threadGroups(setup: RunSetup): string[][] {
  let groups = (setup.spec.threads ?? []).map((t) => [t.id]);
  for (;;) {
    const objs = groups.map((g) => lexNormalTraceCount(restrict(setup, g)).objects);
    let merged = false;
    outer: for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        if ([...objs[a]!].some((o) => objs[b]!.has(o))) {
          groups = [...groups.filter((_, k) => k !== a && k !== b), [...groups[a]!, ...groups[b]!].sort()];
          merged = true;
          break outer;
        }
      }
    }
    if (!merged) return groups;
  }
}

/**
 * Brute-force trace count of a thread-only program: the product, over independent thread groups,
 * of each group's count by `method` ('naive' enumerates every interleaving and groups them by
 * Foata normal form; 'lex' counts lexicographic normal forms).
 */
export function bruteForceTraceCount(setup: RunSetup, method: 'naive' | 'lex'): { traces: number; groups: string[][] } {
  if (setup.spec.actors.length > 0) throw new Error('bruteForceTraceCount: thread-only worlds only');
  const groups = threadGroups(setup);
  let traces = 1;
  for (const g of groups) {
    const sub = restrict(setup, g);
    traces *= method === 'naive' ? naiveTraceCount(sub).traces : lexNormalTraceCount(sub).traces;
  }
  return { traces, groups };
}

/** Keys of a sequence of events (debug helper for failing tests). */
export function keysOf(events: readonly SearchEvent[]): string[] {
  return events.map((e) => e.key);
}
