// State-space estimate printed before an exhaustive run: Knuth's estimator (Knuth 1975,
// "Estimating the efficiency of backtrack programs") on the naive execution tree.
// Owns: random root-to-leaf probes (seeded: probe i uses the stream derived from (seed,
// 'estimate', i)); each probe's product of branching factors is an unbiased estimate of the
// number of complete executions of the naive tree. We report the mean and its standard error
// over the probes. DPOR explores at most that many (usually far fewer); the estimate says
// nothing about the reduced count.
import { Stream } from '../../sim/rng.js';
import { createWorld, enabled, step } from '../../sim/world.js';
import type { RunSetup } from '../setup.js';

/** A state-space estimate with its uncertainty. */
export interface TreeEstimate {
  readonly probes: number;
  /** Mean estimate of complete (or depth-cut) executions of the naive tree. */
  readonly executions: number;
  /** Standard error of that mean. */
  readonly standardError: number;
  /** Mean probe length, in steps. */
  readonly depthMean: number;
  /** Probes that hit depthMax (their leaves stand for cut executions). */
  readonly probesCutByDepth: number;
}

/** Runs `probes` random probes of depth at most `depthMax`. */
export function estimateTree(setup: RunSetup, depthMax: number, seed: string, probes = 32): TreeEstimate {
  const xs: number[] = [];
  let depthSum = 0;
  let cut = 0;
  for (let i = 0; i < probes; i++) {
    const rng = Stream.derive(seed, 'estimate', i);
    let w = createWorld(setup.spec);
    let product = 1;
    let depth = 0;
    for (;;) {
      const list = enabled(w);
      if (list.length === 0) break;
      if (depth >= depthMax) { cut++; break; }
      product *= list.length;
      w = step(w, rng.pick(list)).world;
      depth++;
    }
    xs.push(product);
    depthSum += depth;
  }
  const mean = xs.reduce((a, b) => a + b, 0) / probes;
  const variance = probes > 1 ? xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (probes - 1) : 0;
  return { probes, executions: mean, standardError: Math.sqrt(variance / probes), depthMean: depthSum / probes, probesCutByDepth: cut };
}

/** One line for the console, e.g. `~1.2e+6 executions (± 3.4e+5 s.e., 32 probes, mean depth 17)`. */
export function estimateText(e: TreeEstimate): string {
  const f = (x: number): string => (x < 1e6 ? String(Math.round(x)) : x.toExponential(1));
  const cut = e.probesCutByDepth > 0 ? `; ${e.probesCutByDepth} probes reached the depth bound` : '';
  return `~${f(e.executions)} executions in the naive tree (± ${f(e.standardError)} standard error over ${e.probes} random probes, mean depth ${e.depthMean.toFixed(1)}${cut}); reduction explores at most this many`;
}
