// Runtime guard against ambient nondeterminism while model code runs.
// Owns: withAmbientGuard, which swaps Date.now, performance.now, Math.random, setTimeout,
// setInterval, setImmediate and crypto.randomUUID for throwing stand-ins for the duration of a
// synchronous call into a model, so a model that reads the wall clock or an unseeded random
// source fails at once with an error naming the model. The static half of the ban is the
// source scan in sim/guard.test.ts.
import { AmbientNondeterminismError } from './errors.js';

type Patch = { target: Record<string, unknown>; key: string; label: string };

const patches: Patch[] = [
  { target: Date as unknown as Record<string, unknown>, key: 'now', label: 'Date.now' },
  { target: Math as unknown as Record<string, unknown>, key: 'random', label: 'Math.random' },
  { target: globalThis as unknown as Record<string, unknown>, key: 'setTimeout', label: 'setTimeout' },
  { target: globalThis as unknown as Record<string, unknown>, key: 'setInterval', label: 'setInterval' },
  { target: globalThis as unknown as Record<string, unknown>, key: 'setImmediate', label: 'setImmediate' },
];
const perf = (globalThis as unknown as { performance?: Record<string, unknown> }).performance;
if (perf) patches.push({ target: perf, key: 'now', label: 'performance.now' });
const cryptoObj = (globalThis as unknown as { crypto?: Record<string, unknown> }).crypto;
if (cryptoObj) patches.push({ target: cryptoObj, key: 'randomUUID', label: 'crypto.randomUUID' });

let depth = 0;
const saved: unknown[] = new Array(patches.length);
let currentModel = '';

function install(model: string): void {
  currentModel = model;
  for (let i = 0; i < patches.length; i++) {
    const p = patches[i]!;
    saved[i] = p.target[p.key];
    const label = p.label;
    p.target[p.key] = () => {
      throw new AmbientNondeterminismError(currentModel, label);
    };
  }
}

function uninstall(): void {
  for (let i = 0; i < patches.length; i++) {
    const p = patches[i]!;
    p.target[p.key] = saved[i];
  }
}

/** Runs `fn` with ambient nondeterminism banned; an offending call throws naming `model`. */
export function withAmbientGuard<T>(model: string, fn: () => T): T {
  if (depth > 0) return fn();
  depth++;
  install(model);
  try {
    return fn();
  } finally {
    uninstall();
    depth--;
  }
}
