// Shared pieces of the literature thread programs (../shared/BENCHMARKS.md).
// Owns: building a thread-only WorldSpec, the `n` size parameter, and cell naming (`a[3]`).
// The programs themselves live one per file beside this one; they contain no exploration logic.
import { faultBudget } from '../../sim/faults.js';
import type { ThreadProgram } from '../../sim/threads.js';
import type { WorldSpec } from '../../sim/world.js';
import type { ScenarioParam } from '../types.js';

/** A world made only of thread programs over shared cells (all cells start at 0). */
export function threadWorld(threads: readonly ThreadProgram[]): WorldSpec {
  return { actors: [], faults: faultBudget(), partitionMs: 0, injectables: [], crashable: [], threads, cells: {} };
}

/** The size parameter `n` (`--n`). */
export function sizeParam(description: string, dflt: number, min: number, max: number): ScenarioParam {
  return { name: 'n', description, default: dflt, min, max };
}

/** Name of element `i` of array cell `name`, e.g. `array[3]`. */
export function at(name: string, i: number): string {
  return `${name}[${i}]`;
}

/** Thread id with a zero-padded index so ids sort numerically (`t00`, `t01`, …, `t12`). */
export function tid(prefix: string, i: number, count: number): string {
  return `${prefix}${String(i).padStart(String(Math.max(0, count - 1)).length, '0')}`;
}
