// Level-parallel BFS (harness/pool/bfs-levels.ts): on the pool, bfs partitions each level's
// frontier into units, and the merged run is byte-identical to the sequential bfs — summary and
// counterexample, hence the same shortest violation — for 1, 2 and 4 workers, under a depth cut
// and a states cut too; the levels really are split into several units; a lost unit makes the
// run inconclusive and names the unit; a shard keeps bfs as one unit, so merge still matches.
import { describe, expect, it } from 'vitest';
import { mergeShardReports } from '../merge.js';
import { runExplore, type ExploreRequest } from '../run.js';
import { parseShardReport, shardText } from '../shard.js';
import { BfsLevels, expandFrontier, runFrontierUnit } from './bfs-levels.js';
import { runParallel, runShard } from './coordinator.js';
import { resolvedOf } from './task.js';
import { bytes, sharedPools } from '../testing/pool-fixture.js';

const on = sharedPools();

const CASES: { name: string; req: ExploreRequest }[] = [
  { name: 'lastzero(4), held', req: { scenario: 'lastzero', params: { n: 4 }, strategy: 'bfs', minimize: false } },
  { name: 'leases skip-integrity, violated', req: { scenario: 'leases', mutant: 'skip-integrity', strategy: 'bfs', minimize: false } },
  { name: 'leases reuse-token, violated', req: { scenario: 'leases', mutant: 'reuse-token', strategy: 'bfs', minimize: false } },
  { name: 'lastzero(4), depth cut', req: { scenario: 'lastzero', params: { n: 4 }, strategy: 'bfs', depthMax: 6, minimize: false } },
  { name: 'leases, states cut', req: { scenario: 'leases', strategy: 'bfs', executionsMax: 300, minimize: false } },
];

describe.each(CASES)('bfs on the pool: $name', ({ req }) => {
  const expected = bytes(runExplore(req));

  it.each([1, 2, 4])('%i worker(s): the sequential bfs bytes (same shortest counterexample)', async (w) => {
    const run = await runParallel(req, on(w));
    expect(run.notes.split).toBe(true);
    expect(run.notes.lost).toEqual([]);
    expect(bytes(run)).toEqual(expected);
  });
});

describe('the frontier is really partitioned', () => {
  it('levels of lastzero(6) are split into several units, and the merged counts are the sequential bfs counts', () => {
    const req: ExploreRequest = { scenario: 'lastzero', params: { n: 6 }, strategy: 'bfs', minimize: false };
    const { setup, options } = resolvedOf(req);
    const planner = new BfsLevels(setup, options);
    let widest = 0;
    for (let units = planner.next([]); units.length > 0;) {
      widest = Math.max(widest, units.length);
      units = planner.next(units.map((u) => ({ id: u.id, ord: u.ord, outcome: null, error: null, feedback: runFrontierUnit(setup, options, u).feedback })));
    }
    expect(widest).toBeGreaterThan(1);
    expect(planner.outcome().stats).toEqual(runExplore(req).outcome.stats);
  });

  it('a unit replays its paths sharing prefixes, and every node gets an expansion in order', () => {
    const { setup, options } = resolvedOf({ scenario: 'lastzero', params: { n: 2 }, strategy: 'bfs' });
    const planner = new BfsLevels(setup, options);
    const [root] = planner.next([]);
    expect(root!.spec.kind).toBe('frontier');
    const level0 = expandFrontier(setup, options, 0, [[]]);
    expect(level0).toHaveLength(1);
    const keys = level0[0]!.children.map((c) => c[0]);
    expect(keys.length).toBeGreaterThan(1);
    const level1 = expandFrontier(setup, options, 1, keys.map((k) => [k]));
    expect(level1).toHaveLength(keys.length);
  });
});

describe('bfs worker faults', () => {
  const req: ExploreRequest = { scenario: 'lastzero', params: { n: 4 }, strategy: 'bfs', minimize: false };
  const expected = bytes(runExplore(req));
  it('a unit killed once is retried: unchanged result', async () => {
    const run = await runParallel(req, { ...on(2), kill: { unit: 'b3.0', times: 1 } });
    expect(run.notes.retried.map((r) => r.id)).toEqual(['b3.0']);
    expect(bytes(run)).toEqual(expected);
  });
  it('a unit killed twice is lost: inconclusive, naming it', async () => {
    const run = await runParallel(req, { workers: 1, kill: { unit: 'b3.0', times: 2 } });
    expect(run.notes.lost.map((r) => r.id)).toEqual(['b3.0']);
    expect(run.summary.verdict).toBe('inconclusive');
    expect(run.summary.claim.evidence).toContain('unit b3.0 (');
  });
});

describe('bfs under --shard stays one unit', () => {
  it('2 shards merged: the sequential bytes', async () => {
    const req: ExploreRequest = { scenario: 'leases', mutant: 'reuse-token', strategy: 'bfs', minimize: false };
    const texts: string[] = [];
    for (const index of [1, 0]) texts.push(shardText((await runShard(req, { index, count: 2 }, { workers: 1 })).report));
    const merged = mergeShardReports(texts.map((t, i) => ({ report: parseShardReport(t, `s${i}`), source: `s${i}` })));
    expect(bytes(merged.run)).toEqual(bytes(runExplore(req)));
  });
});
