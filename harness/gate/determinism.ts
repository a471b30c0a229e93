// Determinism probe used by the gate: the same choices from the same seed must give the same
// execution twice in one process. Owns: determinismProbe, which runs a few seeded random
// executions twice each and compares their readable events, world hashes and violations step by
// step. Catches state leaking between executions (module-level mutation in a model, caches)
// that the ambient guard (sim/guard.ts) cannot see. Returns null or the first difference.
import { canonicalJson } from '../../sim/canonical.js';
import { worldHash } from '../../sim/hash.js';
import { runExecution, type ExecutionRecord } from '../execution.js';
import { randomChooser } from '../explore/random.js';
import type { RunSetup } from '../setup.js';

/** Executions probed (each run twice); small so the probe costs little next to the check. */
export const DETERMINISM_EXECUTIONS_MAX = 3;

function fingerprint(setup: RunSetup, seed: string, index: number, depthMax: number): { rec: ExecutionRecord; hashes: string[] } {
  const hashes: string[] = [];
  const choose = randomChooser(`${seed}/determinism`, index, 0.2);
  const rec = runExecution(setup, index, (list, w, depth) => {
    hashes.push(worldHash(w));
    return choose(list, w, depth);
  }, depthMax);
  return { rec, hashes };
}

/** Null when every probed execution repeats exactly, else a sentence naming the first difference. */
export function determinismProbe(setup: RunSetup, seed: string, depthMax: number): string | null {
  for (let i = 0; i < DETERMINISM_EXECUTIONS_MAX; i++) {
    const a = fingerprint(setup, seed, i, depthMax);
    const b = fingerprint(setup, seed, i, depthMax);
    const n = Math.max(a.rec.events.length, b.rec.events.length);
    for (let k = 0; k < n; k++) {
      const ea = canonicalJson(a.rec.events[k] ?? null);
      const eb = canonicalJson(b.rec.events[k] ?? null);
      if (ea !== eb || a.hashes[k] !== b.hashes[k]) {
        return `probe execution ${i} of seed '${seed}' ran twice and differed at step ${k}: first ${ea}, then ${eb}${a.hashes[k] !== b.hashes[k] ? ' (world state before the step differed too)' : ''}`;
      }
    }
    if (canonicalJson(a.rec.violation) !== canonicalJson(b.rec.violation)) return `probe execution ${i} of seed '${seed}' ran twice and reported different violations`;
  }
  return null;
}
