// Explorer `cancel-sweep`: cancellation injected at every await point of a workflow.
// Owns: the base schedule (from the initial world, always the first ordinary choice in canonical
// order — deliveries before timers — with no faults), the cancel points (before base step k, for
// every injectable of the scenario whose event is CANCEL and that the target actor accepts at that
// point), and one execution per selected point: the base prefix, the injected cancel, then a
// seeded random continuation (ordinary choices only, stream `sweep` of (seed, point index)).
// Oracles run at every step through the shared execution loop. `executionsMax` selects how many
// points: all of them when it is at least the number of points, else a seeded sample of that
// size (stream `sweep-points`), swept in canonical point order. Stops at the first violation.
// A scenario without a CANCEL injectable (or with inject budget 0) gets zero executions, which
// the verdict reports as inconclusive.
import { choiceKey, type Choice } from '../../sim/choice.js';
import { faultCountsZero } from '../../sim/faults.js';
import { Stream } from '../../sim/rng.js';
import { createWorld, enabled, step } from '../../sim/world.js';
import { runExecution, splitFaults, type Chooser } from '../execution.js';
import type { RunSetup } from '../setup.js';
import { sampleRange } from './sampling.js';
import type { Explorer, ExploreOptions, ExploreOutcome } from './types.js';

/** The event type an injectable must carry to be swept as a cancel. */
export const CANCEL_EVENT = 'CANCEL';

/** One place to inject a cancel: before base step `point`, into `target` (an inject choice key). */
export interface CancelPoint {
  readonly point: number;
  readonly target: string;
}

/** The inject choices that cancel something in this world, in canonical order. */
export function cancelTargets(setup: RunSetup): string[] {
  return setup.spec.injectables
    .filter((i) => i.event.type === CANCEL_EVENT)
    .map((i) => choiceKey({ kind: 'inject', actor: i.actor, event: i.event.type }))
    .sort();
}

const firstOrdinary: Chooser = (list) => splitFaults(list).ordinary[0] ?? null;

/**
 * Walks the base schedule and lists every (point, target) where the target accepts a cancel,
 * plus how many (point, target) pairs did not accept one.
 */
export function cancelPoints(setup: RunSetup, depthMax: number): { base: string[]; points: CancelPoint[]; notApplicable: number } {
  const targets = cancelTargets(setup);
  const base = [...runExecution(setup, 0, firstOrdinary, depthMax).choices];
  const points: CancelPoint[] = [];
  let notApplicable = 0;
  let w = createWorld(setup.spec);
  for (let k = 0; k <= base.length; k++) {
    const keys = new Set(enabled(w).map(choiceKey));
    for (const target of targets) {
      if (keys.has(target)) points.push({ point: k, target });
      else notApplicable++;
    }
    if (k === base.length) break;
    const c = enabled(w).find((x) => choiceKey(x) === base[k]);
    if (!c) throw new Error(`[racelab internal bug] base schedule step ${k} (${base[k]}) is not enabled on re-walk`);
    w = step(w, c).world;
  }
  return { base, points, notApplicable };
}

/** The points to sweep: all when `count` covers them, else a seeded sample, in canonical order. */
export function selectPoints(points: readonly CancelPoint[], count: number, seed: string): CancelPoint[] {
  if (count >= points.length) return [...points];
  const rng = Stream.derive(seed, 'sweep-points');
  const idx = points.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, count).sort((a, b) => a - b).map((i) => points[i]!);
}

/** Chooser for one point: follow the base prefix, inject the cancel, then continue at random. */
export function sweepChooser(base: readonly string[], p: CancelPoint, seed: string, index: number): Chooser {
  const rng = Stream.derive(seed, 'sweep', index);
  let injected = false;
  return (list, _w, depth) => {
    const want = !injected && depth === p.point ? p.target : injected ? null : base[depth];
    if (want !== null && want !== undefined) {
      const c = list.find((x: Choice) => choiceKey(x) === want);
      if (!c) throw new Error(`[racelab internal bug] cancel sweep expected '${want}' to be enabled at step ${depth}`);
      if (want === p.target) injected = true;
      return c;
    }
    const { ordinary } = splitFaults(list);
    return ordinary.length > 0 ? rng.pick(ordinary) : null;
  };
}

function sweep(setup: RunSetup, opts: ExploreOptions): ExploreOutcome {
  const targets = cancelTargets(setup).length;
  if (targets === 0 || setup.faults.inject < 1) {
    // Nothing to sweep (no CANCEL injectable, or inject budget 0): zero executions, which the
    // verdict reports as inconclusive, never as held. Kept non-throwing so matrices over every
    // strategy can include scenarios without a cancel.
    return {
      strategy: opts.strategy, executions: 0, steps: 0, terminal: 0, depthCut: 0, faultsFired: faultCountsZero(),
      stats: { cancelTargets: targets, injectBudget: setup.faults.inject }, complete: false, violation: null,
    };
  }
  const { base, points, notApplicable } = cancelPoints(setup, opts.depthMax);
  const chosen = selectPoints(points, opts.executionsMax, opts.seed);
  const o = sampleRange(setup, opts, 0, chosen.length, (i) => sweepChooser(base, chosen[i]!, opts.seed, i));
  return { ...o, stats: { baseSteps: base.length, notApplicable, points: points.length, selected: chosen.length } };
}

export const cancelSweepExplorer: Explorer = {
  name: 'cancel-sweep',
  summary: 'injects the scenario\'s CANCEL before every step of its base schedule (all points, or a seeded sample of --executions points), then continues at random',
  explore(setup, opts) {
    return sweep(setup, opts);
  },
};
