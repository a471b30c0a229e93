// Parallel BFS: level-synchronous breadth-first search whose frontier is partitioned into work
// units (contiguous index ranges of the level, in the sequential queue order). Workers expand
// their nodes (replaying each path from the root, sharing common prefixes) and return, per node,
// whether it is terminal, its terminal-oracle result and its children (key, world hash, step
// invariant result). The coordinator merges the level in queue order with one visited set,
// exactly as harness/explore/bfs.ts does — same dedup, counts, bounds and first violation — so a
// parallel bfs run is byte-identical to the sequential one for every worker count. Not sharded:
// dedup needs every shard's states each level, so `--shard` keeps bfs as one unit.
import { choiceKey } from '../../sim/choice.js';
import { assert } from '../../sim/assert.js';
import { addFaultCounts, faultCountsZero, type FaultCounts } from '../../sim/faults.js';
import { worldHash } from '../../sim/hash.js';
import { createWorld, enabled, step, type World } from '../../sim/world.js';
import type { BfsResult } from '../explore/bfs.js';
import { bfsOutcome } from '../explore/exhaustive.js';
import { failingIds, findEnabled } from '../explore/search.js';
import type { ExploreOptions, ExploreOutcome } from '../explore/types.js';
import type { RunSetup } from '../setup.js';
import type { RoundPlanner } from './plans.js';
import type { UnitResult, UnitRun, WorkUnit } from './units.js';

/** Frontier nodes per unit at most, and units per level aimed for (independent of the worker count). */
export const BFS_UNIT_NODES_MAX = 2_000;
export const BFS_UNITS_PER_LEVEL = 16;
/** Fewer nodes than this in a unit are not worth a message. */
export const BFS_UNIT_NODES_MIN = 32;
const ORD_LEVEL = 1_000_000;

/** What a worker found at one frontier node. */
export interface NodeExpansion {
  readonly terminal: boolean;
  /** Terminal node: faults used on its path, and whether a terminal oracle fails there. */
  readonly used: FaultCounts | null;
  readonly terminalFails: boolean;
  /** Expanded node (below depthMax): [choice key, world hash, a step invariant fails] per enabled choice. */
  readonly children: readonly (readonly [string, string, boolean])[];
}

/** Expands the frontier nodes `paths` (all at depth `level`) of a unit; see the header. */
export function expandFrontier(setup: RunSetup, opts: ExploreOptions, level: number, paths: readonly (readonly string[])[]): NodeExpansion[] {
  const stack: World[] = [createWorld(setup.spec)];
  let prev: readonly string[] = [];
  // A hash met earlier in this unit is in the coordinator's visited set by the time it reaches
  // this node (it merges in queue order), so its invariants need no second check.
  const seen = new Set<string>();
  return paths.map((path) => {
    let common = 0;
    while (common < path.length && common < prev.length && path[common] === prev[common]) common++;
    stack.length = common + 1;
    for (let d = common; d < path.length; d++) {
      const c = findEnabled(enabled(stack[d]!), path[d]!);
      assert(c !== undefined, `bfs frontier path choice '${path[d]}' is not enabled`);
      stack.push(step(stack[d]!, c).world);
    }
    prev = path;
    const w = stack[path.length]!;
    const list = enabled(w);
    if (list.length === 0) return { terminal: true, used: w.used, terminalFails: failingIds(setup.scenario.terminal, w).length > 0, children: [] };
    if (level >= opts.depthMax) return { terminal: false, used: null, terminalFails: false, children: [] };
    const children = list.map((c) => {
      const child = step(w, c).world;
      const hash = worldHash(child);
      if (seen.has(hash)) return [choiceKey(c), hash, false] as const;
      seen.add(hash);
      return [choiceKey(c), hash, failingIds(setup.scenario.invariants, child).length > 0] as const;
    });
    return { terminal: false, used: null, terminalFails: false, children };
  });
}

/** Runs one frontier unit (worker side): the expansions are the feedback; the outcome is empty. */
export function runFrontierUnit(setup: RunSetup, opts: ExploreOptions, unit: WorkUnit): UnitRun {
  assert(unit.spec.kind === 'frontier', `bfs levels got a ${unit.spec.kind} unit`);
  const outcome: ExploreOutcome = {
    strategy: opts.strategy, executions: 0, steps: 0, terminal: 0, depthCut: 0, faultsFired: faultCountsZero(), stats: {}, complete: true, violation: null,
  };
  return { outcome, feedback: expandFrontier(setup, opts, unit.spec.level, unit.spec.paths) };
}

/** The coordinator: the sequential bfs merge rule applied level by level to the workers' expansions. */
export class BfsLevels implements RoundPlanner {
  private readonly visited = new Set<string>();
  private frontier: string[][] = [[]];
  private level = 0;
  private units: WorkUnit[] = [];
  private terminal = 0; private cut = 0; private transitions = 0; private expanded = 0; private violating = 0; private states = 1;
  private faults = faultCountsZero();
  private stoppedBy: BfsResult['stoppedBy'] = null;
  private violation: string[] | null = null;
  private done = false;

  constructor(private readonly setup: RunSetup, private readonly opts: ExploreOptions) {
    const root = createWorld(setup.spec);
    this.visited.add(worldHash(root));
    if (failingIds(setup.scenario.invariants, root).length > 0) { this.violating = 1; this.violation = []; this.done = true; }
  }

  /** Absorbs a finished level (results in ord order) and plans the next; [] when the search ended. */
  next(results: readonly UnitResult[]): WorkUnit[] {
    if (results.length > 0) this.absorb(results);
    if (this.done || this.frontier.length === 0) { this.done = true; return []; }
    const size = Math.min(BFS_UNIT_NODES_MAX, Math.max(BFS_UNIT_NODES_MIN, Math.ceil(this.frontier.length / BFS_UNITS_PER_LEVEL)));
    this.units = [];
    for (let from = 0, k = 0; from < this.frontier.length; from += size, k++) {
      const paths = this.frontier.slice(from, from + size);
      this.units.push({ id: `b${this.level}.${k}`, ord: this.level * ORD_LEVEL + k, spec: { kind: 'frontier', level: this.level, paths } });
    }
    assert(this.units.length < ORD_LEVEL, `bfs levels: ${this.units.length} units in one level`);
    return this.units;
  }

  /** The sequential merge (harness/explore/bfs.ts): queue order, one visited set, same bounds and stops. */
  private absorb(results: readonly UnitResult[]): void {
    const byOrd = new Map(results.map((r) => [r.ord, r.feedback as NodeExpansion[]]));
    const next: string[][] = [];
    for (const unit of this.units) {
      assert(unit.spec.kind === 'frontier', 'bfs levels: not a frontier unit');
      const found = byOrd.get(unit.ord);
      assert(found !== undefined && found.length === unit.spec.paths.length, `bfs levels: no expansion for unit ${unit.id}`);
      for (const [k, path] of unit.spec.paths.entries()) {
        if (this.node(path, found[k]!, next)) { this.done = true; return; }
      }
    }
    this.frontier = next;
    this.level++;
  }

  /** One node in queue order; true when the search stops here. */
  private node(path: readonly string[], x: NodeExpansion, next: string[][]): boolean {
    if (x.terminal) {
      this.terminal++;
      this.faults = addFaultCounts(this.faults, x.used!);
      if (x.terminalFails) { this.violation = [...path]; return true; }
      return false;
    }
    if (path.length >= this.opts.depthMax) { this.cut++; return false; }
    if (this.expanded >= this.opts.executionsMax) { this.stoppedBy = 'states'; return true; }
    this.expanded++;
    for (const [key, hash, fails] of x.children) {
      this.transitions++;
      if (this.visited.has(hash)) continue;
      this.visited.add(hash);
      this.states++;
      if (fails) { this.violating = 1; this.violation = [...path, key]; return true; }
      next.push([...path, key]);
    }
    return false;
  }

  /** The search's result, in the sequential bfs's terms. */
  result(): BfsResult {
    return {
      statesVisited: this.states, statesTerminal: this.terminal, statesCutByDepth: this.cut, statesViolating: this.violating, transitions: this.transitions,
      faultsFired: this.faults, stoppedBy: this.stoppedBy, violationChoices: this.violation,
    };
  }

  /** The run's outcome, exactly as the sequential bfs explorer builds it. */
  outcome(): ExploreOutcome {
    return bfsOutcome(this.setup, this.opts, this.result());
  }
}
