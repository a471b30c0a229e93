// Split DPOR (harness/pool/dpor-split.ts, request `split: true`): sound against naive exhaustive
// search on small literature programs (the same terminal states), and the same bytes for 1 and 2 workers and for
// a sharded-then-merged run, with and without a violation. The oracle must catch a planted bug:
// the indexer `plain-write` mutant.
import { describe, expect, it } from 'vitest';
import { createWorld, enabled, step, type World } from '../../sim/world.js';
import { worldHash } from '../../sim/hash.js';
import { summaryText } from '../../reports/summary.js';
import { traceText } from '../../reports/trace.js';
import { dporSearch } from '../explore/dpor.js';
import type { Collected } from '../explore/search.js';
import { mergeShardReports } from '../merge.js';
import type { ExploreRun } from '../run.js';
import { resolveSetup } from '../setup.js';
import { parseShardReport, shardText } from '../shard.js';
import { runParallel, runShard } from './coordinator.js';
import { DPOR_SPLIT_MODE, planDpor, type DporUnitData } from './dpor-split.js';
import { resolvedOf } from './task.js';
import type { PoolRequest } from './plans.js';

const bytes = (r: ExploreRun) => ({ summary: summaryText(r.summary), trace: r.trace ? traceText(r.trace) : null });

function naiveTerminals(w0: World): Set<string> {
  const seen = new Set<string>();
  const out = new Set<string>();
  const dfs = (w: World): void => {
    const h = worldHash(w);
    if (seen.has(h)) return;
    seen.add(h);
    const list = enabled(w);
    if (list.length === 0) out.add(h);
    for (const c of list) dfs(step(w, c).world);
  };
  dfs(w0);
  return out;
}

describe.each([
  ['lastzero', 4],
  ['readers', 4],
  ['indexer', 3],
  ['filesystem', 3],
])('split DPOR on %s(%i) vs naive exhaustive search', (scenario, n) => {
  it('reaches exactly the terminal states naive search reaches, over several units', () => {
    const request: PoolRequest = { scenario, strategy: 'dpor', split: true, params: { n } };
    const { setup, options } = resolvedOf(request);
    const plan = planDpor(setup, options);
    expect(plan.length).toBeGreaterThan(1);
    const got: Collected = { violated: new Set(), terminalHashes: new Set() };
    for (const u of plan) {
      expect(u.spec.kind).toBe('subtree');
      if (u.spec.kind !== 'subtree') continue;
      const data = u.spec.data as DporUnitData;
      dporSearch(setup, { mode: DPOR_SPLIT_MODE, depthMax: options.depthMax, executionsMax: 1e6, collect: got }, { prefix: u.spec.prefix, sleep: data.sleep, wakeup: [] });
    }
    expect([...got.terminalHashes].sort()).toEqual([...naiveTerminals(createWorld(resolveSetup(request).spec))].sort());
  });
});

const POOL_CASES: { scenario: string; params: Record<string, number>; mutant: string | null }[] = [
  { scenario: 'lastzero', params: { n: 4 }, mutant: null },
  { scenario: 'indexer', params: {}, mutant: 'plain-write' },
];

describe.each(POOL_CASES)('dpor on the pool: $scenario (mutant $mutant)', ({ scenario, params, mutant }) => {
  const req: PoolRequest = { scenario, params, mutant, strategy: 'dpor', split: true, minimize: false };
  let expected: ReturnType<typeof bytes>;

  it('1 worker (in-process) is the reference; the mutant is caught', async () => {
    const run = await runParallel(req, { workers: 1 });
    expected = bytes(run);
    expect(run.notes.split).toBe(true);
    expect(run.summary.verdict).toBe(mutant ? 'violated' : 'held');
    if (mutant) expect(run.summary.violation?.invariant).toBe('all-inserted');
  });

  it('2 workers: byte-identical summary and counterexample', async () => {
    expect(bytes(await runParallel(req, { workers: 2 }))).toEqual(expected);
  });

  it('2 shards, merged: byte-identical', async () => {
    const texts = [];
    for (const index of [1, 0]) texts.push(shardText((await runShard(req, { index, count: 2 }, { workers: 1 })).report));
    const merged = mergeShardReports(texts.map((t, i) => ({ report: parseShardReport(t, `s${i}`), source: `s${i}` })));
    expect(bytes(merged.run)).toEqual(expected);
  });
});

describe('the split is opt-in', () => {
  it('refuses bounds it cannot honour per unit (preemptions, time)', async () => {
    await expect(runParallel({ scenario: 'lastzero', params: { n: 3 }, strategy: 'dpor', split: true, preemptionsMax: 1 } as PoolRequest, { workers: 1 })).rejects.toThrow(/--split does not support --preemptions or --time-ms/);
  });

  it('--split on a strategy without a subtree split is refused with the fix', async () => {
    await expect(runParallel({ scenario: 'leases', strategy: 'random', split: true } as PoolRequest, { workers: 1 })).rejects.toThrow(/--split applies to dpor; strategy 'random' always splits by execution ranges: drop --split/);
  });
});
