// Parallel and sharded exploration give the sequential run's bytes: summary and counterexample
// are identical for 1, 2 and 4 workers and for a sharded-then-merged run, for every sampling
// explorer; the least violating execution wins whatever order units complete in; a worker killed
// once is retried with an unchanged result, killed twice makes the run inconclusive naming the
// unit; an interrupt flushes a partial report. Pooled tests need dist/ (npm test builds it).
import { describe, expect, it } from 'vitest';
import { runExplore, type ExploreRequest } from '../run.js';
import { mergeShardReports } from '../merge.js';
import { EXPLORERS } from '../explore/registry.js';
import { EXHAUSTIVE_STRATEGIES } from '../verdict.js';
import { parseShardReport, shardText } from '../shard.js';
import { combineResults } from './combine.js';
import { runParallel, runShard } from './coordinator.js';
import { splitterFor } from './plans.js';
import { resolvedOf, runUnitTask } from './task.js';
import type { UnitResult } from './units.js';
import { bytes, sharedPools } from '../testing/pool-fixture.js';


const on = sharedPools();

// Minimization runs once, in the coordinator, on the merged violation; one case keeps it on.
const CASES: { strategy: string; mutant: string | null; executionsMax: number; minimize: boolean; workers: number[] }[] = [
  { strategy: 'random', mutant: null, executionsMax: 40, minimize: true, workers: [1, 2, 4] },
  { strategy: 'random', mutant: 'skip-integrity', executionsMax: 300, minimize: true, workers: [1, 2, 4] },
  { strategy: 'pct', mutant: null, executionsMax: 40, minimize: false, workers: [1, 2] },
  { strategy: 'pct', mutant: 'skip-integrity', executionsMax: 300, minimize: false, workers: [1, 2] },
  { strategy: 'swarm', mutant: null, executionsMax: 40, minimize: false, workers: [1, 2] },
  { strategy: 'swarm', mutant: 'skip-integrity', executionsMax: 100, minimize: false, workers: [1, 2] },
];

describe.each(CASES)('$strategy on leases (mutant $mutant, $executionsMax executions)', ({ strategy, mutant, executionsMax, minimize, workers }) => {
  const req: ExploreRequest = { scenario: 'leases', mutant, strategy, seed: '1', executionsMax, minimize };
  const expected = bytes(runExplore(req));

  it('the sequential run is the reference (violation found iff a mutant)', () => {
    expect(expected.trace !== null).toBe(mutant !== null);
    expect(expected.summary).toContain(mutant ? '"verdict": "violated"' : '"verdict": "held"');
  });

  it.each(workers)('%i worker(s): byte-identical summary and counterexample', async (w) => {
    const run = await runParallel(req, on(w));
    expect(run.notes.split).toBe(true);
    expect(run.notes.lost).toEqual([]);
    expect(bytes(run)).toEqual(expected);
  });

  it('3 shards, merged (given in any order): byte-identical to the single run', async () => {
    const texts: string[] = [];
    for (const index of [2, 0, 1]) texts.push(shardText((await runShard(req, { index, count: 3 }, { workers: 1 })).report));
    const merged = mergeShardReports(texts.map((t, i) => ({ report: parseShardReport(t, `shard${i}.json`), source: `shard${i}.json` })));
    expect(merged.shards.missing).toEqual([]);
    expect(bytes(merged.run)).toEqual(expected);
  });
});

describe('least violating execution, independent of completion order', () => {
  const req: ExploreRequest = { scenario: 'leases', mutant: 'skip-integrity', strategy: 'random', seed: '1', executionsMax: 300 };
  const { setup, options } = resolvedOf(req);
  const plan = splitterFor('random').plan(setup, options);
  const all = plan.map((unit) => runUnitTask({ request: req, unit, attempt: 1, kill: null }));
  const violating = all.filter((r) => r.outcome?.violation).map((r) => r.outcome!.violation!.index);

  it('several units violate, so the choice between them matters', () => {
    expect(violating.length).toBeGreaterThan(1);
  });

  it('every arrival order merges to the least violating index', () => {
    const orders: UnitResult[][] = [all, [...all].reverse(), [...all.filter((_, i) => i % 2), ...all.filter((_, i) => i % 2 === 0)]];
    for (const order of orders) {
      const c = combineResults('random', plan, new Map(order.map((r) => [r.ord, r])));
      expect(c.outcome.violation?.index).toBe(Math.min(...violating));
    }
  });

  it('the least index is the one the sequential explorer stops at', () => {
    expect(runExplore({ ...req, minimize: false }).outcome.violation?.index).toBe(Math.min(...violating));
  });
});

describe('worker faults and interrupts', () => {
  const req: ExploreRequest = { scenario: 'leases', strategy: 'random', seed: '3', executionsMax: 64 };
  const expected = bytes(runExplore(req));

  it('a worker killed once: the unit is retried and the result is unchanged', async () => {
    const run = await runParallel(req, { ...on(2), kill: { unit: 'r4-4', times: 1 } });
    expect(run.notes.retried.map((r) => r.id)).toEqual(['r4-4']);
    expect(run.notes.retried[0]!.reason).toMatch(/exited with code/);
    expect(run.notes.lost).toEqual([]);
    expect(bytes(run)).toEqual(expected);
  });

  it('a worker killed twice: the unit is lost, the run inconclusive and the unit named', async () => {
    const run = await runParallel(req, { ...on(2), kill: { unit: 'r4-4', times: 2 } });
    expect(run.notes.lost.map((r) => r.id)).toEqual(['r4-4']);
    expect(run.summary.verdict).toBe('inconclusive');
    expect(run.summary.claim.evidence).toContain('unit r4-4 (executions 4..4) was lost');
    expect(run.summary.explored.executions).toBe(4);
    expect(run.trace).toBeNull();
  });

  it('the same, in-process (one worker): a simulated death is retried the same way', async () => {
    const once = await runParallel(req, { workers: 1, kill: { unit: 'r0-0', times: 1 } });
    expect(bytes(once)).toEqual(expected);
    const twice = await runParallel(req, { workers: 1, kill: { unit: 'r0-0', times: 2 } });
    expect(twice.summary.verdict).toBe('inconclusive');
    expect(twice.summary.explored.executions).toBe(0);
    expect(twice.summary.claim.level).toBe('absent');
  });

  it('an interrupt after the first unit flushes a partial report marked inconclusive', async () => {
    const abort = new AbortController();
    const run = await runParallel(req, { workers: 1, signal: abort.signal, onResult: () => abort.abort() });
    expect(run.notes.interrupted).toBe(true);
    expect(run.summary.verdict).toBe('inconclusive');
    expect(run.summary.claim.evidence).toMatch(/unit r1-1 .*interrupted \(SIGINT\); 1 executions before it/);
    expect(run.summary.explored.executions).toBe(1);
  });
});

describe('a strategy without a parallel split (cancel-sweep) runs as one unit', () => {
  const req: ExploreRequest = { scenario: 'drain', strategy: 'cancel-sweep', minimize: false };
  const expected = bytes(runExplore(req));

  it.each([1, 2])('%i worker(s): byte-identical, reported as not split', async (w) => {
    const run = await runParallel(req, on(w));
    expect(run.notes.split).toBe(false);
    expect(run.notes.units).toBe(1);
    expect(bytes(run)).toEqual(expected);
  });

  it('2 shards, merged: byte-identical (shard 1 has no units)', async () => {
    const texts: string[] = [];
    for (const index of [0, 1]) texts.push(shardText((await runShard(req, { index, count: 2 }, { workers: 1 })).report));
    const merged = mergeShardReports(texts.map((t, i) => ({ report: parseShardReport(t, `s${i}`), source: `s${i}` })));
    expect(bytes(merged.run)).toEqual(expected);
  });
});

describe.each(EXPLORERS.map((e) => e.name))('every registered explorer on the pool: %s', (strategy) => {
  // Exhaustive strategies get a small thread program, the others a short leases run.
  const req: ExploreRequest = EXHAUSTIVE_STRATEGIES.has(strategy)
    ? { scenario: 'lastzero', params: { n: 3 }, strategy, minimize: false }
    : { scenario: 'leases', mutant: 'unfenced-store', strategy, executionsMax: 20, minimize: false };
  const expected = bytes(runExplore(req));

  it('2 workers and 2 merged shards: the sequential run\'s bytes', async () => {
    expect(bytes(await runParallel(req, on(2)))).toEqual(expected);
    const texts: string[] = [];
    for (const index of [0, 1]) texts.push(shardText((await runShard(req, { index, count: 2 }, { workers: 1 })).report));
    const merged = mergeShardReports(texts.map((t, i) => ({ report: parseShardReport(t, `s${i}`), source: `s${i}` })));
    expect(bytes(merged.run)).toEqual(expected);
  });
});
