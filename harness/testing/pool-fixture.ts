// Test fixture for pooled runs: one piscina pool per worker count, shared by a test file's tests
// (starting workers dominates a small run) and destroyed after them, plus the canonical bytes of
// a run (summary and trace) that tests compare across worker counts and shard splits.
import { afterAll } from 'vitest';
import { summaryText } from '../../reports/summary.js';
import { traceText } from '../../reports/trace.js';
import type { ParallelOptions } from '../pool/coordinator.js';
import { createPool, type UnitPool } from '../pool/pool.js';
import type { ExploreRun } from '../run.js';

/** The canonical output bytes of a run. */
export const bytes = (r: ExploreRun): { summary: string; trace: string | null } => ({ summary: summaryText(r.summary), trace: r.trace ? traceText(r.trace) : null });

/** Returns `on(workers)`: options running on a shared pool of that size (in-process for 1). */
export function sharedPools(): (workers: number) => ParallelOptions {
  const pools = new Map<number, UnitPool>();
  afterAll(async () => {
    for (const p of pools.values()) await p.destroy();
  });
  return (workers) => {
    if (workers === 1) return { workers };
    if (!pools.has(workers)) pools.set(workers, createPool(workers));
    return { workers, pool: pools.get(workers)! };
  };
}
