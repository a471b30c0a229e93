// Split DPOR in rounds (harness/pool/dpor-rounds.ts, dpor-split.ts; request `split: true`):
// sound against the sequential dpor on the literature programs (same terminal world hashes and
// violated invariants; complete executions = the brute-force Mazurkiewicz count) and against
// naive search on generated thread programs cut into tiny units so races are handed back; a
// planted bug (handoffs dropped) loses terminal states, so the check can fail. On the pool: the
// same bytes for 1, 2 and 4 workers and for sharded-then-merged runs, with and without a violation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultBudget } from '../../sim/faults.js';
import type { ThreadProgram } from '../../sim/threads.js';
import type { WorldSpec } from '../../sim/world.js';
import type { Invariant, Scenario } from '../../scenarios/types.js';
import { dfsSearch } from '../explore/dfs.js';
import { dporSearch } from '../explore/dpor.js';
import { bruteForceTraceCount } from '../explore/mazurkiewicz.testutil.js';
import type { Collected } from '../explore/search.js';
import type { ExploreOptions } from '../explore/types.js';
import { mergeShardReports } from '../merge.js';
import { runExplore } from '../run.js';
import type { RunSetup } from '../setup.js';
import { parseShardReport, shardText } from '../shard.js';
import { runParallel, runShard } from './coordinator.js';
import { DporRounds, type DporFeedback, type SplitShape } from './dpor-rounds.js';
import { runDporUnit, splitSearchInProcess } from './dpor-split.js';
import type { PoolRequest } from './plans.js';
import { resolvedOf } from './task.js';
import { bytes, sharedPools } from '../testing/pool-fixture.js';
import { bodyArb, pairArb, pairInvariant, straightLine } from '../testing/thread-programs.js';

const fresh = (): Collected => ({ violated: new Set(), terminalHashes: new Set() });
const sorted = (c: Collected) => ({ violated: [...c.violated].sort(), terminal: [...c.terminalHashes].sort() });
const resolved = (scenario: string, n: number | undefined, mutant: string | null = null) =>
  resolvedOf({ scenario, mutant, strategy: 'dpor', split: true, params: n === undefined ? {} : { n }, executionsMax: 10_000_000 } as PoolRequest);
/** A shape that cuts even small programs into many units over several rounds. */
const TINY: SplitShape = { groupsTarget: 2, staticDepthMax: 1, dynamicLevels: 2, chunkExecutions: 3 };
/** Every unit stops after one execution and hands back the rest of its subtree. */
const CHUNKS: SplitShape = { groupsTarget: 2, staticDepthMax: 1, dynamicLevels: 1, chunkExecutions: 1 };

// Brute-force counter per case, as in harness/explore/literature.test.ts.
describe.each([
  ['popl14', undefined, 'naive'], ['lastzero', 3, 'naive'], ['lastzero', 5, 'lex'], ['readers', 4, 'naive'], ['readers', 6, 'naive'],
  ['indexer', 12, 'naive'], ['filesystem', 14, 'naive'],
] as [string, number | undefined, 'naive' | 'lex'][])('split DPOR on %s(%s) vs sequential dpor', (scenario, n, method) => {
  it.each([['default shape', undefined], ['tiny units', TINY], ['one-execution chunks', CHUNKS]] as const)('%s: same terminal states, one complete execution per trace', (_name, shape) => {
    const { setup, options } = resolved(scenario, n);
    const want = fresh();
    dporSearch(setup, { mode: 'optimal', depthMax: options.depthMax, executionsMax: 1e7, collect: want });
    const got = fresh();
    const totals = splitSearchInProcess(setup, options, got, shape);
    expect(sorted(got)).toEqual(sorted(want));
    expect(totals.executionsComplete).toBe(bruteForceTraceCount(setup, method).traces);
    expect(totals.units).toBeGreaterThan(1);
  });
});

describe('literature mutants: the split finds the same violated invariants', () => {
  it.each([['indexer', 12, 'plain-write'], ['filesystem', 14, 'no-block-lock']] as const)('%s(%i) mutant %s', (scenario, n, mutant) => {
    const { setup, options } = resolved(scenario, n, mutant);
    const want = fresh();
    dporSearch(setup, { mode: 'optimal', depthMax: options.depthMax, executionsMax: 1e7, collect: want });
    expect(want.violated.size).toBeGreaterThan(0);
    for (const shape of [undefined, TINY, CHUNKS]) {
      const got = fresh();
      splitSearchInProcess(setup, options, got, shape);
      expect(sorted(got)).toEqual(sorted(want));
    }
  });
});

/** Sequential dpor's collection, and a split search whose unit feedback passes through `tamper` (planted bugs). */
function tamperedSplit(scenario: string, n: number, shape: SplitShape, tamper: (fb: DporFeedback) => DporFeedback): { want: Collected; got: Collected } {
  const { setup, options } = resolved(scenario, n);
  const want = fresh();
  dporSearch(setup, { mode: 'optimal', depthMax: options.depthMax, executionsMax: 1e7, collect: want });
  const got = fresh();
  const planner = new DporRounds(setup, options, got, shape);
  for (let round = planner.next([]); round.length > 0;) {
    round = planner.next(round.map((u) => ({ ord: u.ord, feedback: tamper(runDporUnit(setup, options, u, got).feedback as DporFeedback) })));
  }
  return { want, got };
}

describe('races under a shared prefix must go back to the coordinator', () => {
  it('planted bug: dropping the handoffs loses terminal states (lastzero(3), tiny units)', () => {
    const { want, got } = tamperedSplit('lastzero', 3, TINY, (fb) => ({ ...fb, handoff: [] }));
    expect(got.terminalHashes.size).toBeLessThan(want.terminalHashes.size);
  });
});

describe('a chunked unit hands back the rest of its subtree', () => {
  it('chunks are adopted: same terminal states as whole units, in more rounds', () => {
    const { setup, options } = resolved('lastzero', 5);
    const whole = fresh(), chunked = fresh();
    const a = splitSearchInProcess(setup, options, whole, { ...CHUNKS, chunkExecutions: 1e9 });
    const b = splitSearchInProcess(setup, options, chunked, CHUNKS);
    expect(sorted(chunked)).toEqual(sorted(whole));
    expect(b.units).toBeGreaterThan(a.units);
    expect(b.rounds).toBeGreaterThan(a.rounds);
  });
  it('planted bug: dropping the rest loses terminal states (lastzero(5), one-execution chunks)', () => {
    const { want, got } = tamperedSplit('lastzero', 5, CHUNKS, (fb) => ({ ...fb, rest: [] }));
    expect(got.terminalHashes.size).toBeLessThan(want.terminalHashes.size);
  });
});

// ---- generated thread programs (as in harness/explore/differential.test.ts) -----------------
const CELLS = ['a', 'b'];
const bodyArbC = bodyArb(CELLS);
const pairArbC = pairArb(CELLS);
const invariantOf = pairInvariant;

function generated(threads: ThreadProgram[], inv: Invariant, fin: Invariant): RunSetup {
  const spec: WorldSpec = { actors: [], faults: faultBudget(), partitionMs: 0, injectables: [], crashable: [], threads, cells: {} };
  const scenario: Scenario = {
    id: 'generated', title: 'generated', goal: 'split differential', version: 1, params: [], mutants: [],
    invariants: [inv], terminal: [fin], faults: {}, depthMax: 200, build: () => spec,
  };
  return { scenario, mutant: null, params: {}, faults: spec.faults, spec, definitionHash: 'generated' };
}

const OPTS: ExploreOptions = { strategy: 'dpor', seed: '0', executionsMax: 10_000_000, depthMax: 200, faultProbability: 0 };

describe('differential: split DPOR vs naive search on generated thread programs', () => {
  it('same violated invariants and terminal states; races were handed back in some cases', () => {
    const tally = { compared: 0, multiRound: 0 };
    fc.assert(fc.property(fc.array(bodyArbC, { minLength: 2, maxLength: 3 }), pairArbC, pairArbC, (bodies, p, q) => {
      const setup = generated(bodies.map((b, k) => straightLine(`t${k}`, b)), invariantOf(p, 'inv'), invariantOf(q, 'final'));
      const naive = fresh();
      const n = dfsSearch(setup, { depthMax: 200, executionsMax: 5_000, collect: naive });
      fc.pre(n.stoppedBy === null);
      const got = fresh();
      const totals = splitSearchInProcess(setup, OPTS, got, TINY);
      tally.compared++;
      if (totals.rounds > 1) tally.multiRound++;
      expect(sorted(got)).toEqual(sorted(naive));
    }), { numRuns: 60, seed: 6 });
    expect(tally.compared).toBeGreaterThan(30);
    expect(tally.multiRound).toBeGreaterThan(10);
  });
});

// ---- on the pool ------------------------------------------------------------------------------
const on = sharedPools();

const POOL_CASES: { scenario: string; params: Record<string, number>; mutant: string | null; invariant: string | null }[] = [
  { scenario: 'lastzero', params: { n: 5 }, mutant: null, invariant: null },
  { scenario: 'indexer', params: { n: 12 }, mutant: 'plain-write', invariant: 'all-inserted' },
];

describe.each(POOL_CASES)('dpor --split on the pool: $scenario (mutant $mutant)', ({ scenario, params, mutant, invariant }) => {
  const req: PoolRequest = { scenario, params, mutant, strategy: 'dpor', split: true, minimize: false };
  let expected: ReturnType<typeof bytes>;
  it('1 worker (in-process) is the reference; the verdict is the sequential dpor verdict', async () => {
    const run = await runParallel(req, on(1));
    expected = bytes(run);
    expect(run.notes.split).toBe(true);
    const seq = runExplore({ scenario, params, mutant, strategy: 'dpor', minimize: false });
    expect(run.summary.verdict).toBe(seq.summary.verdict);
    expect(run.summary.violation?.invariant ?? null).toBe(invariant);
    if (!mutant) expect(run.outcome.stats.splitUnits).toBeGreaterThan(4);
  });
  it.each([2, 4])('%i workers: byte-identical summary and counterexample', async (w) => {
    expect(bytes(await runParallel(req, on(w)))).toEqual(expected);
  });
  it.each([2, 3])('%i shards, merged (given in reverse order): byte-identical', async (count) => {
    const texts: string[] = [];
    for (let index = count - 1; index >= 0; index--) texts.push(shardText((await runShard(req, { index, count }, { workers: 1 })).report));
    const merged = mergeShardReports(texts.map((t, i) => ({ report: parseShardReport(t, `s${i}`), source: `s${i}` })));
    expect(merged.shards.missing).toEqual([]);
    expect(bytes(merged.run)).toEqual(expected);
  });
  it('a missing shard makes the merge inconclusive, naming a unit of it', async () => {
    const t = shardText((await runShard(req, { index: 0, count: 2 }, { workers: 1 })).report);
    const merged = mergeShardReports([{ report: parseShardReport(t, 's0'), source: 's0' }]);
    expect(merged.shards.missing).toEqual([1]);
    if (!mutant) expect(merged.run.summary.verdict).toBe('inconclusive');
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
