// The coordinator's half of split DPOR (`--split`): the prefix tree above the work units, and
// planning rounds of units from it. Paper: source-set DPOR with sleep sets (Abdulla, Aronis,
// Jonsson & Sagonas, POPL 2014, Alg. 1); this file runs Alg. 1 for the frames of the top levels,
// the units (harness/pool/dpor-split.ts) run it below. Races a unit finds whose reversal point is
// a frame of its prefix come back (dporSearch's `handoff`) and are inserted here with the same
// source-set rule; the next round explores what they scheduled. Rounds make it deterministic:
// a round's results are absorbed in `ord` order once all are in, and ords come from positions
// in the tree, never from arrival. Static levels (fully expanded with sleep sets, races at them
// need no handoff) split the tree into independent groups, which is what `--shard` divides.
import { choiceKey, type Choice } from '../../sim/choice.js';
import { canonicalJson, type Json } from '../../sim/canonical.js';
import { createWorld, enabled, type World } from '../../sim/world.js';
import { worldHash } from '../../sim/hash.js';
import { assert } from '../../sim/assert.js';
import { initials } from '../explore/wakeup.js';
import { dependent, failingIds, findEnabled, invariantDeps, stepEvent, type Collected, type InvariantDeps, type SearchEvent } from '../explore/search.js';
import type { ExploreOptions } from '../explore/types.js';
import type { RestFrame } from '../explore/dpor.js';
import type { RunSetup } from '../setup.js';
import type { WorkUnit } from './units.js';

/** The static levels end once there are this many groups (or at DPOR_STATIC_DEPTH_MAX). */
export const DPOR_GROUPS_TARGET = 4;
/** Static (fully expanded) levels at most. */
export const DPOR_STATIC_DEPTH_MAX = 2;
/** Levels below a group root that the coordinator keeps as prefix frames; units start below them. */
export const DPOR_DYNAMIC_LEVELS = 1;
/**
 * A unit stops after this many executions and hands back the rest of its subtree (its DFS stack:
 * sleep sets, the path taken, the branches still scheduled), which the coordinator adopts as
 * prefix frames and plans as the next round's units. Big subtrees are thereby cut into chunks
 * of about this size wherever they are, so no single unit holds a large share of the work. A
 * count of executions, never time: the cut, and so every unit, is the same on every machine.
 */
export const DPOR_CHUNK_EXECUTIONS = 1024;
/** ord = (round · ORD_GROUPS + group) · ORD_LOCAL + position in the round: merge order round, group, tree. */
const ORD_LOCAL = 1_000_000;
const ORD_GROUPS = 10_000;
/** How the tree is cut: static levels (groups) and the coordinator's dynamic levels. Tests use small shapes. */
export interface SplitShape {
  readonly groupsTarget: number;
  readonly staticDepthMax: number;
  readonly dynamicLevels: number;
  /** Executions per unit before it hands back the rest of its subtree (DPOR_CHUNK_EXECUTIONS). */
  readonly chunkExecutions: number;
}
/** The shape every run uses (tests may pass another to exercise handoffs on small programs). */
export const DPOR_SPLIT_SHAPE: SplitShape = Object.freeze({
  groupsTarget: DPOR_GROUPS_TARGET, staticDepthMax: DPOR_STATIC_DEPTH_MAX, dynamicLevels: DPOR_DYNAMIC_LEVELS, chunkExecutions: DPOR_CHUNK_EXECUTIONS,
});
/** Rounds at most (ords stay exact integers below 2^53). */
export const DPOR_ROUNDS_MAX = 800;

/** Unit data of a DPOR subtree: sleep set at the prefix end, whether the prefix violates, and from which frame races are handed back. */
export interface DporUnitData {
  readonly sleep: readonly SearchEvent[];
  readonly violates: boolean;
  /** Handoffs at frames below this depth are not wanted (those frames are fully expanded). */
  readonly handoffFrom: number;
  /** Executions before the unit stops and hands back the rest of its subtree (SplitShape.chunkExecutions). */
  readonly chunk: number;
}

/** What a DPOR unit sends back besides its outcome. */
export interface DporFeedback {
  /** Per race: the frame's depth and the initials of the reversal sequence (harness/explore/wakeup.ts). */
  readonly handoff: readonly { readonly depth: number; readonly initials: readonly string[] }[];
  /** A unit stopped at its chunk size: the rest of its subtree, frame by frame from its prefix's end. */
  readonly rest: readonly RestFrame[];
}

/** A scheduled branch of a prefix frame: not yet planned, planned as a frame, or planned as a unit / skipped. */
type Branch = { readonly key: string; state: 'pending' | 'done'; frame: PNode | null };

/** A prefix frame kept by the coordinator (dynamic levels): Alg. 1's backtrack and sleep state. */
interface PNode {
  readonly prefix: readonly string[];
  readonly world: World;
  readonly enabled: readonly Choice[];
  /** Sleep set on arrival. */
  readonly sleep0: readonly SearchEvent[];
  /** Events of the branches planned so far, in order: asleep for later siblings. */
  readonly explored: SearchEvent[];
  /** backtrack(E) in insertion order; never shrinks. */
  readonly branches: Branch[];
}

/** A group: a fully expanded static node; its root frame, or a single unit when it is a leaf. */
interface Group {
  readonly index: number;
  readonly depth: number;
  readonly root: PNode | null;
  readonly leafUnit: DporUnitData & { prefix: readonly string[] } | null;
}

interface StaticNode {
  readonly prefix: readonly string[];
  readonly world: World;
  readonly sleep: readonly SearchEvent[];
  readonly leaf: boolean;
  readonly violates: boolean;
}

/**
 * True when a step invariant fails on `w` (the prefix ends there as a violating unit). When
 * collecting (differential tests), failures are recorded instead and the search goes on.
 */
function violatesAt(setup: RunSetup, w: World, collect: Collected | null): boolean {
  const bad = failingIds(setup.scenario.invariants, w);
  if (!collect) return bad.length > 0;
  for (const id of bad) collect.violated.add(id);
  return false;
}

/** One static level: every enabled choice not asleep, with the sleep sets of earlier siblings (Godefroid 1996). */
function expandStatic(n: StaticNode, setup: RunSetup, opts: ExploreOptions, deps: InvariantDeps, collect: Collected | null): StaticNode[] {
  const list = enabled(n.world);
  if (n.leaf || list.length === 0 || n.prefix.length >= opts.depthMax) return [{ ...n, leaf: true }];
  const sleep = [...n.sleep];
  const out: StaticNode[] = [];
  for (const c of list) {
    const key = choiceKey(c);
    if (sleep.some((q) => q.key === key)) continue;
    const r = stepEvent(n.world, c, deps);
    const violates = violatesAt(setup, r.world, collect);
    out.push({ prefix: [...n.prefix, key], world: r.world, sleep: sleep.filter((q) => !dependent(q, r.event)), leaf: violates, violates });
    sleep.push(r.event);
  }
  return out.length > 0 ? out : [{ ...n, leaf: true }];
}

/** Keeps the first static node per (depth, world, sleep set): their subtrees are the same search. */
function firstPerWorld(nodes: readonly StaticNode[]): StaticNode[] {
  const seen = new Set<string>();
  return nodes.filter((n) => {
    const h = `${n.prefix.length}:${worldHash(n.world)}:${canonicalJson(n.sleep as unknown as Json)}`;
    if (seen.has(h)) return false;
    seen.add(h);
    return true;
  });
}

/** The first choice not asleep at a frame, as Alg. 1 starts a new frame; null when all sleep. */
function firstAwake(list: readonly Choice[], sleep: readonly SearchEvent[]): string | null {
  for (const c of list) {
    const key = choiceKey(c);
    if (!sleep.some((q) => q.key === key)) return key;
  }
  return null;
}

function frameOf(prefix: readonly string[], world: World, sleep: readonly SearchEvent[]): PNode | null {
  const list = enabled(world);
  const first = firstAwake(list, sleep);
  if (first === null) return null;
  return { prefix, world, enabled: list, sleep0: sleep, explored: [], branches: [{ key: first, state: 'pending', frame: null }] };
}

/** Alg. 1's insertion at a frame: add one of `init` (a reversal's initials) unless one is already scheduled or asleep. */
function insertSource(f: PNode, init: readonly string[]): void {
  const scheduled = new Set([...f.branches.map((b) => b.key), ...f.sleep0.map((q) => q.key)]);
  if (init.length === 0 || init.some((k) => scheduled.has(k))) return;
  f.branches.push({ key: init[0]!, state: 'pending', frame: null });
}

/** A planned unit before it gets its ord. */
type Planned = { readonly prefix: readonly string[]; readonly data: DporUnitData };

/** The split search's coordinator state: groups and their prefix frames. Plain data and deterministic. */
export class DporRounds {
  readonly groups: Group[];
  private readonly deps: InvariantDeps;
  /** Rounds planned so far, per group (groups advance independently: see harness/pool/rounds.ts). */
  private readonly rounds = new Map<number, number>();
  private readonly byOrd = new Map<number, WorkUnit>();

  /** `collect`: record every failing invariant and go on (differential tests), as dporSearch does. */
  constructor(
    private readonly setup: RunSetup, private readonly opts: ExploreOptions,
    private readonly collect: Collected | null = null, private readonly shape: SplitShape = DPOR_SPLIT_SHAPE,
  ) {
    this.deps = invariantDeps(setup.scenario);
    this.groups = this.staticGroups();
  }

  /** Expands the static levels until there are DPOR_GROUPS_TARGET groups (or the depth limit). */
  private staticGroups(): Group[] {
    const w0 = createWorld(this.setup.spec);
    const bad = violatesAt(this.setup, w0, this.collect);
    let frontier: StaticNode[] = [{ prefix: [], world: w0, sleep: [], leaf: bad, violates: bad }];
    for (let d = 0; d < this.shape.staticDepthMax && frontier.length < this.shape.groupsTarget && frontier.some((n) => !n.leaf); d++) {
      frontier = firstPerWorld(frontier.flatMap((n) => expandStatic(n, this.setup, this.opts, this.deps, this.collect)));
    }
    assert(frontier.length < ORD_GROUPS, `dpor split: ${frontier.length} groups exceed the ord space`);
    return frontier.map((n, index) => {
      const depth = n.prefix.length;
      const root = n.leaf || depth >= this.opts.depthMax ? null : frameOf(n.prefix, n.world, n.sleep);
      const leafUnit = root ? null : { prefix: n.prefix, sleep: n.sleep, violates: n.violates, handoffFrom: depth, chunk: this.shape.chunkExecutions };
      return { index, depth, root, leafUnit };
    });
  }

  /** The group indices, in order (each group's rounds depend only on its own units' results). */
  groupIds(): number[] {
    return this.groups.map((g) => g.index);
  }

  /**
   * Start order among waiting units: group, then position in the round, whatever the round.
   * Earlier groups and earlier branches have the smaller sleep sets, so usually the larger
   * subtrees; the first group's next round then overtakes later groups' small units.
   */
  priority(unit: WorkUnit): number {
    return unit.ord % (ORD_GROUPS * ORD_LOCAL);
  }

  /** Group of a unit (from its ord). */
  static groupOf(unit: WorkUnit): number {
    return Math.floor(unit.ord / ORD_LOCAL) % ORD_GROUPS;
  }

  /**
   * The next round's units for the groups `keep` accepts, after absorbing `results` (the
   * previous round's handoffs, in ord order). [] when the search is done.
   */
  next(feedback: readonly { ord: number; feedback: DporFeedback | null }[], keep: (group: number) => boolean = () => true): WorkUnit[] {
    for (const r of [...feedback].sort((a, b) => a.ord - b.ord)) {
      const unit = this.byOrd.get(r.ord);
      assert(unit !== undefined && unit.spec.kind === 'subtree', `dpor split: feedback for unknown unit ord ${r.ord}`);
      if (r.feedback) this.absorb(unit, r.feedback);
    }
    const units: WorkUnit[] = [];
    for (const g of this.groups) {
      if (!keep(g.index)) continue;
      const round = this.rounds.get(g.index) ?? 0;
      const planned: Planned[] = [];
      if (g.root) this.walk(g.root, g.depth, planned);
      else if (round === 0 && g.leafUnit) planned.push({ prefix: g.leafUnit.prefix, data: g.leafUnit });
      assert(planned.length < ORD_LOCAL, `dpor split: ${planned.length} units in one round of group ${g.index}`);
      if (planned.length === 0) continue;
      assert(round < DPOR_ROUNDS_MAX, `dpor split: more than ${DPOR_ROUNDS_MAX} rounds`);
      planned.forEach((p, local) => units.push(this.unitOf(round, g.index, local, p)));
      this.rounds.set(g.index, round + 1);
    }
    return units;
  }

  private unitOf(round: number, group: number, local: number, p: Planned): WorkUnit {
    const ord = (round * ORD_GROUPS + group) * ORD_LOCAL + local;
    const unit: WorkUnit = { id: `d${round}.${group}.${local}`, ord, spec: { kind: 'subtree', prefix: p.prefix, data: p.data } };
    this.byOrd.set(ord, unit);
    return unit;
  }

  /** Inserts a unit's handoffs at the prefix frames they belong to. */
  private absorb(unit: WorkUnit, fb: DporFeedback): void {
    assert(unit.spec.kind === 'subtree', 'dpor split: not a subtree unit');
    const g = this.groups[DporRounds.groupOf(unit)]!;
    if (!g.root) {
      assert(fb.rest.length === 0, `dpor split: leaf unit ${unit.id} handed back the rest of a subtree`);
      return;
    }
    if (fb.rest.length > 0) this.adopt(g, unit.spec.prefix, fb.rest);
    for (const h of fb.handoff) {
      if (h.depth < g.depth) continue;
      const f = this.frameAt(g.root, g.depth, unit.spec.prefix, h.depth);
      insertSource(f, h.initials);
    }
  }

  /**
   * Makes a chunked unit's rest prefix frames: the branch that planned the unit gets the unit's
   * start frame, each frame's path branch is done (its event explored, so later siblings sleep on
   * it, as after Alg. 1's backtrack) and leads to the next frame, and the scheduled branches stay
   * pending for the next round's walk. Sleep sets come as the unit had them (arrival plus explored
   * siblings), so they are these frames' arrival sets here.
   */
  private adopt(g: Group, prefix: readonly string[], rest: readonly RestFrame[]): void {
    const at = this.frameAt(g.root!, g.depth, prefix, prefix.length - 1);
    let link = at.branches.find((b) => b.key === prefix[prefix.length - 1]);
    assert(link !== undefined && link.frame === null, `dpor split: chunk of an unplanned branch at '${prefix.join(' ')}'`);
    let world = stepEvent(at.world, findEnabled(at.enabled, link.key)!, this.deps).world;
    let path = [...prefix];
    rest.forEach((r, i) => {
      assert(r.depth === path.length && (r.taken === null) === (i === rest.length - 1), `dpor split: malformed chunk rest at depth ${r.depth}`);
      const node: PNode = { prefix: path, world, enabled: enabled(world), sleep0: r.sleep, explored: [], branches: [] };
      link!.frame = node;
      if (r.taken !== null) {
        const c = findEnabled(node.enabled, r.taken);
        assert(c !== undefined, `dpor split: chunk path choice '${r.taken}' is not enabled`);
        const step = stepEvent(world, c, this.deps);
        node.explored.push(step.event);
        link = { key: r.taken, state: 'done', frame: null };
        node.branches.push(link);
        world = step.world;
        path = [...path, r.taken];
      }
      for (const key of r.pending) node.branches.push({ key, state: 'pending', frame: null });
    });
  }

  private frameAt(root: PNode, rootDepth: number, prefix: readonly string[], depth: number): PNode {
    let f = root;
    for (let d = rootDepth; d < depth; d++) {
      const b = f.branches.find((x) => x.key === prefix[d]);
      assert(b?.frame, `dpor split: handoff at depth ${depth} below a unit that is not a planned frame`);
      f = b.frame;
    }
    return f;
  }

  /** Plans every pending branch in the tree below `f`, in tree order (older branches first). */
  private walk(f: PNode, rootDepth: number, out: Planned[]): void {
    for (let i = 0; i < f.branches.length; i++) {
      const b = f.branches[i]!;
      if (b.state === 'done') {
        if (b.frame) this.walk(b.frame, rootDepth, out);
        continue;
      }
      b.state = 'done';
      if (f.sleep0.some((q) => q.key === b.key)) continue; // asleep: Alg. 1 skips it
      this.plan(f, b, rootDepth, out);
    }
  }

  /** Takes branch `b` at frame `f`: a child frame (walked at once) or a unit. */
  private plan(f: PNode, b: Branch, rootDepth: number, out: Planned[]): void {
    const c = findEnabled(f.enabled, b.key);
    assert(c !== undefined, `dpor split: scheduled choice '${b.key}' is not enabled`);
    const r = stepEvent(f.world, c, this.deps);
    const sleep = [...f.sleep0, ...f.explored].filter((q) => !dependent(q, r.event));
    f.explored.push(r.event);
    const now = new Set(enabled(r.world).map(choiceKey));
    for (const d of f.enabled) {
      const key = choiceKey(d);
      if (key !== b.key && !now.has(key)) insertSource(f, initials([stepEvent(f.world, d, this.deps).event]));
    }
    const prefix = [...f.prefix, b.key];
    const violates = violatesAt(this.setup, r.world, this.collect);
    const deep = prefix.length >= rootDepth + this.shape.dynamicLevels || prefix.length >= this.opts.depthMax;
    const frame = violates || deep ? null : frameOf(prefix, r.world, sleep);
    if (!frame) { out.push({ prefix, data: { sleep, violates, handoffFrom: rootDepth, chunk: this.shape.chunkExecutions } }); return; }
    b.frame = frame;
    this.walk(frame, rootDepth, out);
  }
}
