// Explorer `dfs`: naive exhaustive depth-first search, every interleaving, no reduction.
// Owns: the baseline the reducing explorers are checked against (differential tests) and the
// plain exhaustive search for tiny worlds. Invariants kept: worlds stay on the stack (no replay
// from the root); choices are tried in the kernel's canonical order; every execution is counted
// once as complete or cut by the depth bound. Exponential by design.
import type { Choice } from '../../sim/choice.js';
import { choiceKey } from '../../sim/choice.js';
import { createWorld, enabled, step, type World } from '../../sim/world.js';
import { faultCountsZero, type FaultCounts } from '../../sim/faults.js';
import type { RunSetup } from '../setup.js';
import { addFaultCounts } from '../../sim/faults.js';
import { deadline, OracleTracker, type Collected } from './search.js';

/** Bounds of a naive search. */
export interface DfsConfig {
  readonly depthMax: number;
  readonly executionsMax: number;
  readonly durationMsMax?: number;
  readonly collect?: Collected;
}

/** What a naive search did. */
export interface DfsResult {
  readonly executionsComplete: number;
  readonly executionsCutByDepth: number;
  /** 1 when a step invariant stopped the search inside an execution (that execution ended there). */
  readonly executionsStoppedByViolation: number;
  readonly steps: number;
  readonly faultsFired: FaultCounts;
  readonly stoppedBy: 'executions' | 'time' | null;
  readonly violationChoices: readonly string[] | null;
}

interface Frame {
  readonly world: World;
  readonly enabled: readonly Choice[];
  next: number;
}

/** Explores every interleaving of `setup` within the bounds. */
export function dfsSearch(setup: RunSetup, cfg: DfsConfig): DfsResult {
  const oracle = new OracleTracker(setup.scenario, cfg.collect ?? null);
  const timeUp = deadline(cfg.durationMsMax);
  let complete = 0, cut = 0, steps = 0, stoppedAtViolation = 0;
  let faultsFired = faultCountsZero();
  let stoppedBy: DfsResult['stoppedBy'] = null;
  const path: string[] = [];
  const result = (): DfsResult => ({ executionsComplete: complete, executionsCutByDepth: cut, executionsStoppedByViolation: stoppedAtViolation, steps, faultsFired, stoppedBy, violationChoices: oracle.first?.choices ?? null });
  const root = createWorld(setup.spec);
  if (oracle.afterStep(root, [])) { stoppedAtViolation = 1; return result(); }
  const stack: Frame[] = [{ world: root, enabled: enabled(root), next: 0 }];
  const end = (f: Frame): void => { faultsFired = addFaultCounts(faultsFired, f.world.used); };
  if (stack[0]!.enabled.length === 0) { complete++; end(stack[0]!); oracle.atTerminal(root, []); return result(); }
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.enabled.length) { stack.pop(); path.pop(); continue; }
    if (complete + cut >= cfg.executionsMax) { stoppedBy = 'executions'; break; }
    if (timeUp()) { stoppedBy = 'time'; break; }
    const c = top.enabled[top.next++]!;
    const w = step(top.world, c).world;
    steps++;
    path.push(choiceKey(c));
    if (oracle.afterStep(w, path)) { stoppedAtViolation = 1; faultsFired = addFaultCounts(faultsFired, w.used); break; }
    const child: Frame = { world: w, enabled: enabled(w), next: 0 };
    if (child.enabled.length === 0) {
      complete++;
      end(child);
      if (oracle.atTerminal(w, path)) break;
      path.pop();
    } else if (path.length >= cfg.depthMax) {
      cut++;
      end(child);
      path.pop();
    } else {
      stack.push(child);
    }
  }
  return result();
}
