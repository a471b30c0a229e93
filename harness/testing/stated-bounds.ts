// Shared body of the "stated bounds" acceptance tests (one test file per scenario, so vitest
// spreads them over the CI machine's cores). For a scenario's StatedBounds (scenarios/types.ts):
// dpor explores the correct model completely with no violation (a `verified` claim); dpor
// within the same bounds finds every mutant's expected invariant (the claim is not vacuous),
// except mutants the bounds declare outside them, which are found within their own stated
// additions; and each mutant's minimized counterexample within its bounds names the same
// invariant, replays exactly, and is no longer than the shortest one `bfs` finds there (or, for
// programs with terminal oracles only, a complete dpor search: StatedBounds.shortestBy).
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/registry.js';
import type { Scenario } from '../../scenarios/types.js';
import { parseTrace, traceText } from '../../reports/trace.js';
import { EXPLORERS } from '../explore/registry.js';
import { replayTrace } from '../replay.js';
import { runExplore, type ExploreRequest, type ExploreRun } from '../run.js';
import { statedFlags, withStatedBounds } from '../stated.js';
import { resolveSetup } from '../setup.js';
import { dporSearch } from '../explore/dpor.js';
import { EXHAUSTIVE_STRATEGIES } from '../verdict.js';

/** Executions each sampling explorer may spend finding a mutant within the stated bounds. */
const FIND_EXECUTIONS_MAX = 1000;

/** The explore request for `strategy` within a scenario's stated bounds, unminimized. */
function statedRequest(s: Scenario, strategy: string, mutant?: string): ExploreRequest {
  return withStatedBounds({ scenario: s.id, mutant, strategy, minimize: false });
}

/** The first sampling explorer's minimized counterexample within the bounds, else dpor's. */
function minimizedCounterexample(s: Scenario, mutant: string): ExploreRun {
  for (const e of EXPLORERS) {
    if (EXHAUSTIVE_STRATEGIES.has(e.name)) continue;
    const run = runExplore({ ...statedRequest(s, e.name, mutant), seed: '1', executionsMax: FIND_EXECUTIONS_MAX, minimize: true });
    if (run.trace) return run;
  }
  return runExplore({ ...statedRequest(s, 'dpor', mutant), minimize: true });
}

/** Choices of the shortest counterexample bfs finds within the mutant's bounds (it must name `invariant`). */
function shortestByBfs(s: Scenario, mutant: string, invariant: string): number {
  const bfs = runExplore(statedRequest(s, 'bfs', mutant));
  expect(bfs.trace, `bfs found no counterexample within the stated bounds: ${bfs.summary.claim.evidence}`).not.toBeNull();
  expect(bfs.trace!.violation!.invariant, 'bfs\'s shortest counterexample breaks another invariant').toBe(invariant);
  return bfs.trace!.choices.length;
}

/**
 * Choices of the shortest execution violating terminal oracle `invariant`, from a complete dpor
 * search that records every violation (see StatedBounds.shortestBy for why that is the shortest).
 */
export function shortestByDpor(s: Scenario, mutant: string, invariant: string): number {
  expect(s.invariants, `${s.id}: shortestBy 'dpor' needs a scenario with terminal oracles only`).toEqual([]);
  const req = statedRequest(s, 'dpor', mutant);
  const setup = resolveSetup(req);
  const collect = { violated: new Set<string>(), terminalHashes: new Set<string>(), shortest: new Map<string, number>() };
  const r = dporSearch(setup, { mode: 'optimal', depthMax: req.depthMax ?? s.depthMax, executionsMax: s.stated!.executionsMax, collect });
  expect(r.stoppedBy, 'the dpor search for the shortest counterexample must be complete').toBeNull();
  expect(r.executionsCutByDepth).toBe(0);
  expect(collect.shortest.has(invariant), `dpor found no execution violating ${invariant}`).toBe(true);
  return collect.shortest.get(invariant)!;
}

/** Declares the stated-bounds tests of one scenario. */
export function declareStatedBoundsTests(id: string): void {
  const s = findScenario(id);
  describe(`${id} within its stated bounds`, () => {
    it('declares stated bounds', () => {
      expect(s, `scenario ${id} is registered`).toBeDefined();
      expect(s!.stated, `scenario ${id} declares no stated bounds (Scenario.stated)`).toBeDefined();
    });
    if (!s?.stated) return;
    const b = s.stated;

    it(`correct model: dpor explores completely with no violation (verified), within ${statedFlags(s.id)}`, () => {
      const run = runExplore(statedRequest(s, 'dpor'));
      expect(run.outcome.violation?.violation ?? null).toBeNull();
      expect(run.outcome.complete, run.summary.claim.evidence).toBe(true);
      expect(run.outcome.depthCut).toBe(0);
      expect(run.summary.verdict).toBe('held');
      expect(run.summary.claim.level).toBe('verified');
    });

    it('names only its own mutants among those shown outside the bounds', () => {
      for (const name of Object.keys(b.mutants ?? {})) expect(s.mutants.map((m) => m.name), `stated.mutants names '${name}'`).toContain(name);
    });

    const where = (mutant: string): string => (b.mutants?.[mutant] ? `within its own bounds (${statedFlags(s.id, mutant)})` : 'within the same bounds');
    describe.each(s.mutants.map((m) => ({ mutant: m.name, expect: m.expect })))('mutant $mutant', ({ mutant, expect: invariant }) => {
      const finder = b.mutants?.[mutant]?.foundBy ?? 'dpor';
      it(`${finder} ${where(mutant)} finds it (${invariant})`, () => {
        const run = runExplore(statedRequest(s, finder, mutant));
        expect(run.outcome.violation?.violation?.invariant, run.summary.claim.evidence).toBe(invariant);
      });

      it(`its minimized counterexample replays, names the invariant, and is no longer than ${b.shortestBy === 'dpor' ? 'the shortest a complete dpor search finds' : 'bfs\'s'}`, () => {
        const mine = minimizedCounterexample(s, mutant);
        expect(mine.trace, `no explorer found ${id}/${mutant} within the stated bounds`).not.toBeNull();
        const trace = mine.trace!;
        expect(trace.violation!.invariant).toBe(invariant);
        const text = traceText(trace);
        const parsed = parseTrace(text, 'minimized');
        expect(traceText(parsed)).toBe(text);
        const r = replayTrace(parsed, 'minimized');
        expect(r.mismatch).toBeNull();
        expect(r.violation?.invariant).toBe(invariant);
        expect(trace.choices.length).toBeLessThanOrEqual(b.shortestBy === 'dpor' ? shortestByDpor(s, mutant, invariant) : shortestByBfs(s, mutant, invariant));
      });
    });
  });
}
