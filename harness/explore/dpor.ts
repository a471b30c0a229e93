// Explorer `dpor`: stateless exhaustive search with dynamic partial-order reduction.
// Papers: Flanagan & Godefroid, POPL 2005 (DPOR); Abdulla, Aronis, Jonsson & Sagonas, POPL 2014 /
// JACM 2017 (source sets with sleep sets; optimal DPOR with wakeup trees, the default here).
// Invariants kept: worlds stay on the DFS stack (a backtrack restores the frame's snapshot, never
// replays from the root); each frame's sleep set and wakeup tree are plain data; an execution is
// counted exactly once as complete, sleep-set blocked or cut by the depth bound. Races are found
// from footprints (harness/explore/search.ts): an immediate race e ⋖ e' whose reversal
// notdep(e).e' is actually executable is inserted at pre(e); a choice disabled by the step just
// taken (message alternatives, fault budgets, earlier timers, a lock taken) is inserted as an
// alternative at that step; a lock whose previous holder's unlock it raced with also races with
// that holder's lock. Explorer state can be started from any prefix (dporSearch's `start`), and
// insertions that belong above that prefix are returned as `handoff`, so a coordinator can split
// the tree into subtrees.
import { choiceKey, type Choice } from '../../sim/choice.js';
import { createWorld, enabled, type World } from '../../sim/world.js';
import { faultCountsZero, type FaultCounts } from '../../sim/faults.js';
import type { RunSetup } from '../setup.js';
import { addFaultCounts } from '../../sim/faults.js';
import { deadline, dependent, findEnabled, invariantDeps, OracleTracker, stepEvent, type Collected, type InvariantDeps, type SearchEvent } from './search.js';
import { initials, insertWakeup, isWeakInitial, leafCount, type WakeupNode } from './wakeup.js';

/** Resolved bounds and mode of one DPOR search. */
export interface DporConfig {
  readonly mode: 'optimal' | 'source';
  readonly depthMax: number;
  readonly executionsMax: number;
  /** Thread preemptions per execution at most (undefined: unbounded). */
  readonly preemptionsMax?: number;
  readonly durationMsMax?: number;
  /**
   * Source mode only: stop once this many executions ended and return the unexplored rest of the
   * subtree (`rest`) instead of exploring it (split DPOR cuts big subtrees into chunks this way).
   */
  readonly chunkExecutions?: number;
  /** Collect every violated invariant and terminal hash instead of stopping at the first violation. */
  readonly collect?: Collected;
}

/** Where a (sub)search starts: a choice prefix, and the sleep set and wakeup tree at its end. */
export interface DporStart {
  readonly prefix: readonly string[];
  readonly sleep: readonly SearchEvent[];
  readonly wakeup: readonly WakeupNode[];
}

/** What a DPOR search did. */
export interface DporResult {
  readonly executionsComplete: number;
  readonly executionsSleepBlocked: number;
  readonly executionsCutByDepth: number;
  /** 1 when a step invariant stopped the search inside an execution (that execution ended there). */
  readonly executionsStoppedByViolation: number;
  readonly branchesCutByPreemptions: number;
  readonly steps: number;
  /** Faults used, summed over the executions that ended. */
  readonly faultsFired: FaultCounts;
  /** The bound that stopped the search early, if any ('chunk': see DporConfig.chunkExecutions and `rest`). */
  readonly stoppedBy: 'executions' | 'time' | 'chunk' | null;
  /** Scheduled branches left unexplored when stopped early. */
  readonly branchesPending: number;
  readonly violationChoices: readonly string[] | null;
  /** Wakeup sequences that belong to frames inside the start prefix (depth = frame index). */
  readonly handoff: readonly { readonly depth: number; readonly sequence: readonly SearchEvent[] }[];
  /** Stopped by a chunk: the frames from the start prefix's end to the top of the stack. */
  readonly rest: readonly RestFrame[];
}

/**
 * One frame of a chunk's unexplored rest: its sleep set now (arrival sleep plus the siblings
 * already explored), the branch its current path took (null at the top, where the search stopped
 * before taking the next branch) and the branches scheduled but not yet explored, in order.
 */
export interface RestFrame {
  readonly depth: number;
  readonly sleep: readonly SearchEvent[];
  readonly taken: string | null;
  readonly pending: readonly string[];
}

/** A lock access of a thread step (for the lock-acquisition race rule). */
interface LockInfo {
  readonly cell: string;
  readonly kind: 'lock' | 'unlock';
}

/** One DFS frame: a world snapshot and the exploration state at it. */
interface Frame {
  readonly world: World;
  readonly enabled: readonly Choice[];
  readonly sleep: SearchEvent[];
  /** Shared with the parent's taken node (`children`): only ever mutated in place. */
  readonly wakeup: WakeupNode[];
  fresh: boolean;
  arrived: boolean;
  readonly external: boolean;
  readonly preemptions: number;
  readonly lastThread: string | null;
  /** The event taken from this frame (while its subtree is explored). */
  taken: SearchEvent | null;
  takenLock: LockInfo | null;
  /** Happens-before predecessors of `taken` (index i set when frame i's event → taken). */
  hb: Uint8Array;
  /** Immediate races of `taken` (frame indices), not yet analysed. */
  races: number[] | null;
}

function lockInfo(w: World, c: Choice): LockInfo | null {
  if (c.kind !== 'thread') return null;
  const op = w.mem?.threads[c.thread]?.op;
  return op && (op.op === 'lock' || op.op === 'unlock') ? { cell: op.cell, kind: op.op } : null;
}

function frameOf(world: World, sleep: SearchEvent[], wakeup: WakeupNode[], external: boolean, preemptions: number, lastThread: string | null): Frame {
  return {
    world, enabled: enabled(world), sleep, wakeup, fresh: wakeup.length === 0, arrived: false, external,
    preemptions, lastThread, taken: null, takenLock: null, hb: new Uint8Array(0), races: null,
  };
}

/** The DPOR search engine (one instance per search; all state is on `stack`). */
class Dpor {
  readonly stack: Frame[] = [];
  readonly deps: InvariantDeps;
  readonly oracle: OracleTracker;
  readonly timeUp: () => boolean;
  complete = 0;
  blocked = 0;
  cutDepth = 0;
  stoppedAtViolation = 0;
  cutPreemption = 0;
  steps = 0;
  stoppedBy: DporResult['stoppedBy'] = null;
  violated = false;
  faults: FaultCounts = faultCountsZero();
  readonly handoff: { depth: number; sequence: SearchEvent[] }[] = [];

  constructor(readonly setup: RunSetup, readonly cfg: DporConfig) {
    this.deps = invariantDeps(setup.scenario);
    this.oracle = new OracleTracker(setup.scenario, cfg.collect ?? null);
    this.timeUp = deadline(cfg.durationMsMax);
  }

  choices(): string[] {
    return this.stack.filter((f) => f.taken).map((f) => f.taken!.key);
  }

  get executions(): number {
    return this.complete + this.blocked + this.cutDepth + this.stoppedAtViolation;
  }

  /** Follows the start prefix (frames marked external) and pushes the first explored frame. */
  begin(start: DporStart): boolean {
    let w = createWorld(this.setup.spec);
    if (this.oracle.afterStep(w, [])) { this.stoppedAtViolation = 1; return false; }
    for (const key of start.prefix) {
      const f = frameOf(w, [], [], true, 0, null);
      const c = findEnabled(f.enabled, key);
      if (!c) throw new Error(`[racelab internal bug] dpor start prefix choice '${key}' is not enabled`);
      this.stack.push(f);
      w = this.take(f, c).world;
    }
    this.stack.push(frameOf(w, [...start.sleep], start.wakeup.map((n) => n), false, 0, null));
    return true;
  }

  /** Runs the search loop until the tree is exhausted, a bound stops it or a violation is found. */
  run(start: DporStart): void {
    if (!this.begin(start)) return;
    const base = start.prefix.length;
    while (this.stack.length > base) {
      const top = this.stack[this.stack.length - 1]!;
      if (!top.arrived && this.endsHere(top)) {
        if (this.violated) return;
        this.pop();
        continue;
      }
      top.arrived = true;
      const next = this.nextBranch(top);
      if (next === 'blocked') { this.blocked++; this.ended(top); this.analyse(); this.pop(); continue; }
      if (next === null) { this.pop(); continue; }
      if (this.executions >= this.cfg.executionsMax) { this.stoppedBy = 'executions'; return; }
      if (this.timeUp()) { this.stoppedBy = 'time'; return; }
      if (this.cfg.chunkExecutions !== undefined && this.executions >= this.cfg.chunkExecutions) { this.stoppedBy = 'chunk'; return; }
      if (!this.descend(top, next)) return;
    }
  }

  /** At a new frame: a terminal state or the depth bound ends the execution. */
  endsHere(f: Frame): boolean {
    const depth = this.stack.length - 1;
    if (f.enabled.length === 0) {
      this.complete++;
      this.ended(f);
      if (this.oracle.atTerminal(f.world, this.choices())) this.violated = true;
      else this.analyse();
      return true;
    }
    if (depth >= this.cfg.depthMax) { this.cutDepth++; this.ended(f); this.analyse(); return true; }
    return false;
  }

  ended(f: Frame): void {
    this.faults = addFaultCounts(this.faults, f.world.used);
  }

  /** The next choice to explore from `f`, 'blocked' when every enabled choice sleeps, null when done. */
  nextBranch(f: Frame): Choice | 'blocked' | null {
    if (this.cfg.mode === 'source') {
      while (f.wakeup.length > 0 && f.sleep.some((q) => q.key === f.wakeup[0]!.key)) f.wakeup.shift();
    }
    if (f.wakeup.length > 0) {
      const c = findEnabled(f.enabled, f.wakeup[0]!.key);
      if (!c) throw new Error(`[racelab internal bug] wakeup-tree choice '${f.wakeup[0]!.key}' is not enabled`);
      return c;
    }
    if (!f.fresh) return null;
    f.fresh = false;
    const awake = f.enabled.filter((e) => !f.sleep.some((q) => q.key === choiceKey(e)));
    // Under a preemption bound, continuing the last thread comes first (it costs nothing).
    const c = (this.cfg.preemptionsMax !== undefined && awake.find((e) => e.kind === 'thread' && e.thread === f.lastThread)) || awake[0];
    if (!c) return 'blocked';
    f.wakeup.push({ key: choiceKey(c), fp: { reads: [], writes: [] }, steady: false, children: [] });
    return c;
  }

  /** Applies `c` at `f`, records happens-before and races, and pushes the child frame. */
  take(f: Frame, c: Choice): { world: World; event: SearchEvent } {
    const r = stepEvent(f.world, c, this.deps);
    this.steps++;
    f.taken = r.event;
    f.takenLock = lockInfo(f.world, c);
    const j = this.stack.indexOf(f);
    f.hb = new Uint8Array(j);
    const races: number[] = [];
    for (let i = j - 1; i >= 0; i--) {
      if (f.hb[i]) continue;
      const other = this.stack[i]!;
      if (!dependent(other.taken!, r.event)) continue;
      f.hb[i] = 1;
      for (let k = 0; k < i; k++) if (other.hb[k]) f.hb[k] = 1;
      if (other.taken!.key !== r.event.key) races.push(i);
    }
    f.races = races;
    return r;
  }

  descend(f: Frame, c: Choice): boolean {
    const thread = c.kind === 'thread' ? c.thread : null;
    const preempts = thread !== null && f.lastThread !== null && f.lastThread !== thread && f.enabled.some((e) => e.kind === 'thread' && e.thread === f.lastThread);
    const preemptions = f.preemptions + (preempts ? 1 : 0);
    if (this.cfg.preemptionsMax !== undefined && preemptions > this.cfg.preemptionsMax) {
      this.cutPreemption++;
      f.wakeup.shift();
      return true;
    }
    const { world, event } = this.take(f, c);
    const head = f.wakeup[0]!;
    const sub = head.children;
    f.wakeup[0] = { ...event, children: sub };
    const child = frameOf(world, f.sleep.filter((q) => !dependent(q, event)), sub, false, preemptions, thread ?? f.lastThread);
    this.insertDisabled(f, child);
    this.stack.push(child);
    if (this.oracle.afterStep(world, this.choices())) { this.violated = true; this.stoppedAtViolation = 1; this.ended(child); return false; }
    return true;
  }

  /** Choices enabled at `f` that the step just taken disabled are alternatives at `f`. */
  insertDisabled(f: Frame, child: Frame): void {
    const now = new Set(child.enabled.map(choiceKey));
    for (const c of f.enabled) {
      const key = choiceKey(c);
      if (key === f.taken!.key || now.has(key)) continue;
      this.insertAt(this.stack.indexOf(f), [stepEvent(f.world, c, this.deps).event]);
    }
  }

  /** Pops the top frame; its parent marks the branch explored (sleep) and drops it from its tree. */
  pop(): void {
    this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    if (!parent || parent.external || !parent.taken) return;
    const done = parent.taken;
    parent.sleep.push(done);
    // In place: this array is also the `children` of the grandparent's taken node, so a copy
    // would leave explored subtrees reachable from there (memory growing with executions) and
    // send later insertions through that node into a stale array.
    const keep = parent.wakeup.filter((n) => n.key !== done.key);
    parent.wakeup.length = 0;
    parent.wakeup.push(...keep);
    parent.taken = null;
    parent.takenLock = null;
    parent.races = null;
  }

  /** Race analysis for the events taken since the last analysis (Abdulla et al., Alg. 2). */
  analyse(): void {
    const n = this.stack.length - 1;
    for (let j = 0; j < n; j++) {
      const fj = this.stack[j]!;
      if (!fj.races) continue;
      for (const i of fj.races) this.reverse(i, j, n);
      const lock = this.lockRace(j);
      if (lock !== null) this.reverse(lock, j, n);
      fj.races = null;
    }
  }

  /** For a lock at j that raced with another thread's unlock: that thread's acquisition. */
  lockRace(j: number): number | null {
    const lj = this.stack[j]!.takenLock;
    if (!lj || lj.kind !== 'lock') return null;
    const key = this.stack[j]!.taken!.key;
    for (let u = j - 1; u >= 0; u--) {
      const lu = this.stack[u]!.takenLock;
      if (!lu || lu.cell !== lj.cell) continue;
      if (lu.kind !== 'unlock' || this.stack[u]!.taken!.key === key) return null;
      for (let a = u - 1; a >= 0; a--) {
        const la = this.stack[a]!.takenLock;
        if (la && la.cell === lj.cell && la.kind === 'lock' && this.stack[a]!.taken!.key === this.stack[u]!.taken!.key) return a;
      }
      return null;
    }
    return null;
  }

  /** Tries to schedule notdep(e_i).e_j at frame i, if it is executable there. */
  reverse(i: number, j: number, n: number): void {
    const keys: string[] = [];
    for (let k = i + 1; k < n; k++) if (!this.stack[k]!.hb[i]) keys.push(this.stack[k]!.taken!.key);
    keys.push(this.stack[j]!.taken!.key);
    let w = this.stack[i]!.world;
    const v: SearchEvent[] = [];
    for (const key of keys) {
      const c = findEnabled(enabled(w), key);
      if (!c) return; // not a reversible race
      const r = stepEvent(w, c, this.deps);
      v.push(r.event);
      w = r.world;
    }
    this.insertAt(i, v);
  }

  /**
   * Optimal: insert[E'](v) at frame i unless a sleeping process is a weak initial of v.
   * Source: add one initial of v unless an initial is already in backtrack(E') (Alg. 1).
   */
  insertAt(i: number, v: SearchEvent[]): void {
    const f = this.stack[i]!;
    if (f.external) { this.handoff.push({ depth: i, sequence: v }); return; }
    if (this.cfg.mode === 'optimal') {
      if (!f.sleep.some((q) => isWeakInitial(q, v))) insertWakeup(f.wakeup, v);
      return;
    }
    const init = initials(v);
    const scheduled = new Set([...f.wakeup.map((c) => c.key), ...f.sleep.map((q) => q.key), ...(f.taken ? [f.taken.key] : [])]);
    if (init.some((k) => scheduled.has(k))) return;
    const e = v.find((x) => x.key === init[0])!;
    f.wakeup.push({ ...e, children: [] });
  }

  /** The unexplored rest of the subtree below the start prefix (after a chunk stop). */
  rest(base: number): RestFrame[] {
    const out: RestFrame[] = [];
    for (let d = base; d < this.stack.length; d++) {
      const f = this.stack[d]!;
      const taken = f.taken?.key ?? null;
      // The taken node's children are the next frame's list; a pending node has none in source mode.
      if (f.wakeup.some((n) => n.key !== taken && n.children.length > 0)) throw new Error('[racelab internal bug] dpor chunks need source mode (flat wakeup lists)');
      out.push({ depth: d, sleep: [...f.sleep], taken, pending: f.wakeup.map((n) => n.key).filter((k) => k !== taken) });
    }
    return out;
  }

  pending(): number {
    return this.stack.reduce((n, f) => n + leafCount(f.wakeup.filter((c) => c.key !== f.taken?.key)), 0);
  }
}

/** Runs a DPOR search of `setup` (from the root, or from `start`). */
export function dporSearch(setup: RunSetup, cfg: DporConfig, start: DporStart = { prefix: [], sleep: [], wakeup: [] }): DporResult {
  if (cfg.chunkExecutions !== undefined && cfg.mode !== 'source') throw new Error('[racelab internal bug] dpor chunks need source mode');
  const d = new Dpor(setup, cfg);
  d.run(start);
  return {
    executionsComplete: d.complete,
    executionsSleepBlocked: d.blocked,
    executionsCutByDepth: d.cutDepth,
    executionsStoppedByViolation: d.stoppedAtViolation,
    branchesCutByPreemptions: d.cutPreemption,
    steps: d.steps,
    faultsFired: d.faults,
    stoppedBy: d.stoppedBy,
    branchesPending: d.stoppedBy && d.stoppedBy !== 'chunk' ? d.pending() : 0,
    violationChoices: d.oracle.first?.choices ?? null,
    handoff: d.handoff,
    rest: d.stoppedBy === 'chunk' ? d.rest(start.prefix.length) : [],
  };
}
