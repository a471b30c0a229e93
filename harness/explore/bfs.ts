// Explorer `bfs`: stateful breadth-first search over world states.
// Owns: a visited set of canonical world hashes (sim/hash.ts), so each state is expanded once;
// levels in order of depth, so the first violation found has a shortest choice list among all
// explorers' counterexamples (invariants and terminal oracles are properties of a state).
// Bounds: depthMax (states at that depth are not expanded: counted as cut) and executionsMax,
// which for bfs caps the number of states expanded. Memory grows with the visited set.
import { choiceKey } from '../../sim/choice.js';
import { worldHash } from '../../sim/hash.js';
import { createWorld, enabled, step, type World } from '../../sim/world.js';
import { faultCountsZero, type FaultCounts } from '../../sim/faults.js';
import type { RunSetup } from '../setup.js';
import { addFaultCounts } from '../../sim/faults.js';
import { deadline, OracleTracker, type Collected } from './search.js';

/** Bounds of a breadth-first search. */
export interface BfsConfig {
  readonly depthMax: number;
  /** States expanded at most. */
  readonly statesMax: number;
  readonly durationMsMax?: number;
  readonly collect?: Collected;
}

/** What a breadth-first search did. */
export interface BfsResult {
  readonly statesVisited: number;
  readonly statesTerminal: number;
  readonly statesCutByDepth: number;
  /** 1 when a step invariant failed on a reached state (the search stopped there). */
  readonly statesViolating: number;
  readonly transitions: number;
  readonly faultsFired: FaultCounts;
  readonly stoppedBy: 'states' | 'time' | null;
  readonly violationChoices: readonly string[] | null;
}

/** A reached state: its world and how it was first reached (parent index, choice). */
interface Node {
  readonly world: World;
  readonly parent: number;
  readonly key: string;
  readonly depth: number;
}

/** Explores the states of `setup` breadth-first within the bounds. */
export function bfsSearch(setup: RunSetup, cfg: BfsConfig): BfsResult {
  const oracle = new OracleTracker(setup.scenario, cfg.collect ?? null);
  const timeUp = deadline(cfg.durationMsMax);
  const links: { parent: number; key: string }[] = [];
  const pathTo = (idx: number): string[] => {
    const out: string[] = [];
    for (let i = idx; i > 0; i = links[i]!.parent) out.push(links[i]!.key);
    return out.reverse();
  };
  let terminal = 0, cut = 0, transitions = 0, expanded = 0, violating = 0;
  let faultsFired = faultCountsZero();
  let stoppedBy: BfsResult['stoppedBy'] = null;
  const result = (): BfsResult => ({
    statesVisited: links.length, statesTerminal: terminal, statesCutByDepth: cut, statesViolating: violating, transitions, faultsFired, stoppedBy,
    violationChoices: oracle.first?.choices ?? null,
  });
  const root = createWorld(setup.spec);
  const visited = new Set<string>([worldHash(root)]);
  links.push({ parent: -1, key: '' });
  if (oracle.afterStep(root, [])) { violating = 1; return result(); }
  let queue: Node[] = [{ world: root, parent: -1, key: '', depth: 0 }];
  const indexOf = new Map<Node, number>([[queue[0]!, 0]]);
  while (queue.length > 0) {
    const nextLevel: Node[] = [];
    for (const node of queue) {
      const idx = indexOf.get(node)!;
      const list = enabled(node.world);
      if (list.length === 0) {
        terminal++;
        faultsFired = addFaultCounts(faultsFired, node.world.used);
        if (oracle.atTerminal(node.world, pathTo(idx))) return result();
        continue;
      }
      if (node.depth >= cfg.depthMax) { cut++; continue; }
      if (expanded >= cfg.statesMax) { stoppedBy = 'states'; return result(); }
      if (timeUp()) { stoppedBy = 'time'; return result(); }
      expanded++;
      for (const c of list) {
        const w = step(node.world, c).world;
        transitions++;
        const h = worldHash(w);
        if (visited.has(h)) continue;
        visited.add(h);
        links.push({ parent: idx, key: choiceKey(c) });
        const child: Node = { world: w, parent: idx, key: choiceKey(c), depth: node.depth + 1 };
        indexOf.set(child, links.length - 1);
        if (oracle.afterStep(w, pathTo(links.length - 1))) { violating = 1; return result(); }
        nextLevel.push(child);
      }
    }
    for (const n of queue) indexOf.delete(n);
    queue = nextLevel;
  }
  return result();
}
