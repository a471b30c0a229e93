// Explorer `pct`: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte,
// "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010).
// Owns: the PCT chooser. A "thread" is an actor (a delivery belongs to its receiver, a timer to
// its owner, `$net` owns partition heals) or a thread of a shared-memory program. Execution i
// derives its streams from (seed, i): `pct` gives each thread, when first seen, a random
// priority above d (so priorities are distinct and in random order, as PCT's d..d+n-1), and
// draws d-1 distinct change points in [0, k); at each step the enabled thread with the highest
// priority runs, and at the j-th change point its priority drops to j (below every initial
// priority) before the pick is made again. Bug depth d is `bugDepth` (--bug-depth). k is the
// number of steps of the world's canonical fault-free run (first ordinary choice each step),
// capped by depthMax: the paper's k is the program's step count, and a loose k (depthMax) would
// put most change points past the end of the execution. k depends only on the world, so an
// execution still depends only on (seed, index).
// Faults use the same coin as `random` (stream `faults`, probability faultProbability), so PCT
// explores schedules while faults stay sampled. Invariant kept: a chooser depends only on
// (seed, index, options), never on other executions.
import { choiceTarget, type Choice } from '../../sim/choice.js';
import { Stream } from '../../sim/rng.js';
import { findMessage } from '../../sim/transport.js';
import { enabled, step, type World } from '../../sim/world.js';
import { splitFaults, type Chooser } from '../execution.js';
import { sampleRange } from './sampling.js';
import type { Explorer } from './types.js';

/** Default bug depth d when the options do not name one. */
export const PCT_BUG_DEPTH_DEFAULT = 3;

/** The actor (PCT thread) that executes an ordinary choice. */
export function threadOf(c: Choice, w: World): string {
  if (c.kind === 'deliver' || c.kind === 'reorder') return findMessage(w.transport, c.msg)?.message.to ?? '$unknown';
  if (c.kind === 'timer') return w.clock.timers.find((t) => t.id === c.timer)?.owner ?? '$unknown';
  return choiceTarget(c);
}

/** The d-1 change points: distinct steps in [0, stepsMax), mapped to the priority they set (1..d-1). */
export function changePoints(rng: Stream, bugDepth: number, stepsMax: number): Map<number, number> {
  const out = new Map<number, number>();
  const wanted = Math.min(bugDepth - 1, stepsMax);
  while (out.size < wanted) {
    const k = rng.int(stepsMax);
    if (!out.has(k)) out.set(k, out.size + 1);
  }
  return out;
}

const stepsCache = new WeakMap<object, number>();

/** PCT's k for `w`'s spec: steps of the canonical fault-free run from `w`, at least 1, at most stepsMax. */
export function pctSteps(w: World, stepsMax: number): number {
  const cached = stepsCache.get(w.spec);
  if (cached !== undefined) return Math.min(cached, stepsMax);
  let world = w;
  let n = 0;
  while (n < stepsMax) {
    const first = splitFaults(enabled(world)).ordinary[0];
    if (!first) break;
    world = step(world, first).world;
    n++;
  }
  const k = Math.max(1, n);
  if (n < stepsMax) stepsCache.set(w.spec, k);
  return k;
}

/** Chooser for execution `index` of a PCT run rooted at `seed`. */
export function pctChooser(seed: string, index: number, faultProbability: number, bugDepth: number, stepsMax: number): Chooser {
  const rng = Stream.derive(seed, 'pct', index);
  const faultRng = Stream.derive(seed, 'faults', index);
  let changes: Map<number, number> | null = null;
  const priority = new Map<string, number>();
  const priorityOf = (t: string): number => {
    let p = priority.get(t);
    if (p === undefined) priority.set(t, (p = bugDepth + rng.next()));
    return p;
  };
  const highest = (ordinary: readonly Choice[], w: World): string => {
    let best = '';
    let bestP = -Infinity;
    for (const t of [...new Set(ordinary.map((c) => threadOf(c, w)))].sort()) {
      const p = priorityOf(t);
      if (p > bestP) [best, bestP] = [t, p];
    }
    return best;
  };
  return (list, w, depth) => {
    changes ??= changePoints(rng, bugDepth, pctSteps(w, stepsMax));
    const { ordinary, faults } = splitFaults(list);
    if (faults.length > 0 && faultRng.chance(faultProbability)) return faultRng.pick(faults);
    if (ordinary.length === 0) return null;
    let thread = highest(ordinary, w);
    const drop = changes.get(depth);
    if (drop !== undefined) {
      priority.set(thread, drop);
      thread = highest(ordinary, w);
    }
    return rng.pick(ordinary.filter((c) => threadOf(c, w) === thread));
  };
}

export const pctExplorer: Explorer = {
  name: 'pct',
  summary: 'probabilistic concurrency testing (Burckhardt et al. 2010): random thread priorities, d-1 priority change points within the fault-free run length (--bug-depth d, default 3)',
  explore(setup, opts, progress) {
    const d = opts.bugDepth ?? PCT_BUG_DEPTH_DEFAULT;
    return sampleRange(setup, opts, 0, opts.executionsMax, (i) => pctChooser(opts.seed, i, opts.faultProbability, d, opts.depthMax), progress);
  },
};
