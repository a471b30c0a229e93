// Shared machinery of the exhaustive explorers (dpor, dfs, bfs): events with footprints, the
// dependency relation, invariant-aware footprints, per-state oracle checks, bound bookkeeping and
// turning a choice list back into an ExecutionRecord. Owns no search order; each strategy file
// does. Dependency is computed only from footprints (sim/choice.ts), so threads and actors share
// one engine. DPOR caveat (DESIGN.md): a global invariant reading several actors makes every step
// that writes one of them also write `inv:<id>`, so those steps are mutually dependent and every
// order of them — hence every value the invariant can see — is explored.
import { choiceKey, footprintsConflict, parseChoiceKey, type Choice, type Footprint } from '../../sim/choice.js';
import { worldHash } from '../../sim/hash.js';
import { viewOf } from '../../sim/view.js';
import { step, type World } from '../../sim/world.js';
import type { Invariant, Scenario } from '../../scenarios/types.js';
import { runExecution, type ExecutionRecord } from '../execution.js';
import type { RunSetup } from '../setup.js';

/** One executed (or to-be-executed) step: its choice key and its footprint in context. */
export interface SearchEvent {
  readonly key: string;
  readonly fp: Footprint;
  /**
   * True when this choice, once enabled, stays enabled until it is taken (a thread access other
   * than lock). Message deliveries, faults, timers and locks can be disabled by another choice
   * (a drop, an earlier timer, another lock), so they never count as weak initials by absence.
   */
  readonly steady: boolean;
}

/** Two events are dependent when they are steps of one process (same key) or their footprints conflict. */
export function dependent(a: SearchEvent, b: SearchEvent): boolean {
  return a.key === b.key || footprintsConflict(a.fp, b.fp);
}

/** Objects an invariant reads: each listed id as an actor, a thread and a cell. */
function invariantObjects(inv: Invariant): string[] {
  return inv.reads.flatMap((r) => [`actor:${r}`, `thread:${r}`, `cell:${r}`]);
}

/** Footprint augmentation for the invariants of `scenario` that read more than one object. */
export interface InvariantDeps {
  readonly groups: readonly { readonly id: string; readonly objects: ReadonlySet<string> }[];
}

/** The invariant groups that need augmentation (single-object invariants need none). */
export function invariantDeps(scenario: Scenario): InvariantDeps {
  return { groups: scenario.invariants.filter((i) => i.reads.length > 1).map((i) => ({ id: i.id, objects: new Set(invariantObjects(i)) })) };
}

/** `fp` plus a write of `inv:<id>` for every multi-object invariant whose objects `fp` writes. */
export function augment(fp: Footprint, deps: InvariantDeps): Footprint {
  if (deps.groups.length === 0) return fp;
  const extra = deps.groups.filter((g) => fp.writes.some((w) => g.objects.has(w))).map((g) => `inv:${g.id}`);
  return extra.length === 0 ? fp : { reads: fp.reads, writes: [...fp.writes, ...extra].sort() };
}

/** Applies `c` and returns the next world with the event (augmented footprint). */
export function stepEvent(w: World, c: Choice, deps: InvariantDeps): { world: World; event: SearchEvent } {
  const steady = c.kind === 'thread' && w.mem?.threads[c.thread]?.op?.op !== 'lock';
  const r = step(w, c);
  return { world: r.world, event: { key: choiceKey(c), fp: augment(r.footprint, deps), steady } };
}

/** The enabled choice with key `key`, or undefined. */
export function findEnabled(list: readonly Choice[], key: string): Choice | undefined {
  return list.find((c) => choiceKey(c) === key);
}

/** Ids of every invariant in `list` that fails on `w` (all of them, not only the first). */
export function failingIds(list: readonly Invariant[], w: World): string[] {
  if (list.length === 0) return [];
  const view = viewOf(w);
  return list.filter((i) => i.check(view) !== null).map((i) => i.id);
}

/**
 * What an exhaustive search reports besides counts when asked to collect (differential tests):
 * every violated invariant id and every terminal world hash, instead of stopping at the first.
 */
export interface Collected {
  readonly violated: Set<string>;
  readonly terminalHashes: Set<string>;
  /** When present: per violated invariant, the fewest choices of an execution violating it. */
  readonly shortest?: Map<string, number>;
}

/** Per-state oracle check shared by the exhaustive explorers. Returns true when the search should stop. */
export class OracleTracker {
  first: { choices: string[] } | null = null;
  constructor(private readonly scenario: Scenario, private readonly collect: Collected | null) {}

  /** After a step (or at the start): invariants. */
  afterStep(w: World, choices: readonly string[]): boolean {
    const bad = failingIds(this.scenario.invariants, w);
    return this.record(bad, choices);
  }

  /** At a state where nothing is enabled: terminal oracles, and the terminal hash when collecting. */
  atTerminal(w: World, choices: readonly string[]): boolean {
    this.collect?.terminalHashes.add(worldHash(w));
    return this.record(failingIds(this.scenario.terminal, w), choices);
  }

  private record(bad: readonly string[], choices: readonly string[]): boolean {
    if (bad.length === 0) return false;
    if (this.collect) {
      for (const id of bad) this.collect.violated.add(id);
      const shortest = this.collect.shortest;
      if (shortest) for (const id of bad) shortest.set(id, Math.min(shortest.get(id) ?? Infinity, choices.length));
      return false;
    }
    if (!this.first) this.first = { choices: [...choices] };
    return true;
  }
}

/** Re-runs a choice list through the shared execution loop to get the readable, replayable record. */
export function recordOf(setup: RunSetup, index: number, choices: readonly string[]): ExecutionRecord {
  return runExecution(setup, index, (list, _w, depth) => {
    if (depth >= choices.length) return null;
    return (parseChoiceKey(choices[depth]!) && findEnabled(list, choices[depth]!)) || null;
  }, choices.length + 1);
}

/** Wall-clock deadline helper; the harness may read time (bounds), the kernel may not. */
export function deadline(durationMsMax: number | undefined): () => boolean {
  if (durationMsMax === undefined) return () => false;
  const until = Date.now() + durationMsMax;
  return () => Date.now() > until;
}
