// Acceptance for issue 3 on the DPOR literature programs (../shared/BENCHMARKS.md): optimal DPOR
// explores exactly one complete execution per Mazurkiewicz trace, with no sleep-set-blocked
// execution. Expected counts come from the brute-force counters in mazurkiewicz.testutil.ts,
// never from the tool itself; the two brute-force counters are cross-checked where both run.
import { describe, expect, it } from 'vitest';
import { resolveSetup } from '../setup.js';
import { dporSearch } from './dpor.js';
import { bruteForceTraceCount, lexNormalTraceCount, naiveTraceCount } from './mazurkiewicz.testutil.js';

const unbounded = { depthMax: 10_000, executionsMax: 10_000_000 };
const setupOf = (scenario: string, n?: number, mutant: string | null = null) =>
  resolveSetup({ scenario, mutant, params: n === undefined ? {} : { n } });

describe('brute-force counters agree with each other', () => {
  const cases: [string, number | undefined][] = [['popl14', undefined], ['lastzero', 1], ['lastzero', 2], ['lastzero', 3], ['readers', 2], ['readers', 4]];
  it.each(cases)('%s n=%s: naive Foata grouping = lexicographic normal forms', (scenario, n) => {
    const setup = setupOf(scenario, n);
    const naive = naiveTraceCount(setup);
    expect(naive.interleavings).toBeGreaterThan(naive.traces - 1);
    expect(lexNormalTraceCount(setup).traces).toBe(naive.traces);
  });
});

describe('optimal DPOR: one complete execution per Mazurkiewicz trace', () => {
  const cases: [string, number | undefined, 'naive' | 'lex'][] = [
    ['popl14', undefined, 'naive'],
    ...[1, 2, 3].map((n) => ['lastzero', n, 'naive'] as [string, number, 'naive']),
    ...[4, 5].map((n) => ['lastzero', n, 'lex'] as [string, number, 'lex']),
    ...[2, 3, 4, 5, 6].map((n) => ['readers', n, 'naive'] as [string, number, 'naive']),
    // Smallest sizes where threads collide: indexer t0/t11 (N=12), filesystem t0/t13 (N=14).
    ['indexer', 12, 'naive'],
    ['filesystem', 14, 'naive'],
  ];
  it.each(cases)('%s n=%s (brute force: %s)', (scenario, n, method) => {
    const setup = setupOf(scenario, n);
    const want = bruteForceTraceCount(setup, method).traces;
    const r = dporSearch(setup, { mode: 'optimal', ...unbounded });
    expect(r.executionsComplete).toBe(want);
    expect(r.executionsSleepBlocked).toBe(0);
    expect(r.executionsCutByDepth).toBe(0);
    expect(r.stoppedBy).toBeNull();
  });

  it('collisions make the counts non-trivial where the issue says they start', () => {
    expect(bruteForceTraceCount(setupOf('indexer', 11), 'lex').traces).toBe(1);
    expect(bruteForceTraceCount(setupOf('indexer', 12), 'naive').groups.filter((g) => g.length > 1)).toEqual([['t00', 't11']]);
    expect(bruteForceTraceCount(setupOf('filesystem', 13), 'lex').traces).toBe(1);
    expect(bruteForceTraceCount(setupOf('filesystem', 14), 'naive').groups.filter((g) => g.length > 1)).toEqual([['t00', 't13']]);
  });
});

describe('source DPOR: never two executions of one trace, blocked ones counted apart', () => {
  it.each([['popl14', undefined], ['lastzero', 3], ['lastzero', 5], ['readers', 5]] as [string, number | undefined][])('%s n=%s', (scenario, n) => {
    const setup = setupOf(scenario, n);
    const want = lexNormalTraceCount(setup).traces;
    const r = dporSearch(setup, { mode: 'source', ...unbounded });
    expect(r.executionsComplete).toBe(want);
  });
});

describe('literature oracles catch their mutants', () => {
  it.each([['indexer', 12, 'plain-write', 'all-inserted'], ['filesystem', 14, 'no-block-lock', 'blocks-distinct']] as const)('%s n=%s mutant %s', (scenario, n, mutant, invariant) => {
    const held = dporSearch(setupOf(scenario, n), { mode: 'optimal', ...unbounded });
    expect(held.violationChoices).toBeNull();
    const bad = dporSearch(setupOf(scenario, n, mutant), { mode: 'optimal', ...unbounded });
    expect(bad.violationChoices).not.toBeNull();
    const setup = setupOf(scenario, n, mutant);
    const collected = { violated: new Set<string>(), terminalHashes: new Set<string>() };
    dporSearch(setup, { mode: 'optimal', ...unbounded, collect: collected });
    expect([...collected.violated]).toEqual([invariant]);
  });
});

describe('bounds are reported, not hidden', () => {
  it('an executions bound stops the search and says how much is left', () => {
    const r = dporSearch(setupOf('readers', 6), { mode: 'optimal', depthMax: 10_000, executionsMax: 10 });
    expect(r.stoppedBy).toBe('executions');
    expect(r.executionsComplete).toBe(10);
    expect(r.branchesPending).toBeGreaterThan(0);
  });
  it('a depth bound cuts executions and counts them', () => {
    const r = dporSearch(setupOf('lastzero', 3), { mode: 'optimal', depthMax: 3, executionsMax: 1_000_000 });
    expect(r.executionsCutByDepth).toBeGreaterThan(0);
    expect(r.executionsComplete).toBe(0);
  });
  it('a preemption bound cuts branches and counts them; 0 preemptions leaves one schedule per thread order', () => {
    const r = dporSearch(setupOf('lastzero', 3), { mode: 'optimal', depthMax: 10_000, executionsMax: 1_000_000, preemptionsMax: 0 });
    expect(r.branchesCutByPreemptions).toBeGreaterThan(0);
    expect(r.executionsComplete).toBeLessThan(lexNormalTraceCount(setupOf('lastzero', 3)).traces);
  });
});
