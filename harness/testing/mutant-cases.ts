// Shared body of the "every mutant minimizes" acceptance tests (split over three test files so
// each stays fast on a 2-core CI machine). For every mutant of every registered scenario: the
// counterexample of the first registered sampling explorer that finds it is minimized, the minimized trace names the same
// invariant, is never longer than the original and replays exactly. (The comparison with `bfs`
// runs within each scenario's stated bounds, harness/testing/stated-bounds.ts: under the default
// fault budgets bfs does not finish for the longer counterexamples.)
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrace, traceText, type TraceV1 } from '../../reports/trace.js';
import { SCENARIOS } from '../../scenarios/registry.js';
import { EXPLORERS } from '../explore/registry.js';
import { minimizeExecution, type MinimizeResult } from '../minimize.js';
import { replayTrace } from '../replay.js';
import { runExplore, traceOf, type ExploreRun } from '../run.js';
import { EXHAUSTIVE_STRATEGIES } from '../verdict.js';

/** Every (scenario, mutant) pair, in registry order. */
export function mutantCases(): { scenario: string; mutant: string; expect: string }[] {
  return SCENARIOS.flatMap((s) => s.mutants.map((m) => ({ scenario: s.id, mutant: m.name, expect: m.expect })));
}

/** Executions each sampling explorer may spend finding a mutant (as the kill matrix uses). */
const FIND_EXECUTIONS_MAX = 1000;

/** The first registered sampling explorer's counterexample for a mutant (unminimized), or a reason. */
function findCounterexample(scenario: string, mutant: string): { run: ExploreRun; strategy: string } | string {
  const tried: string[] = [];
  for (const e of EXPLORERS) {
    if (EXHAUSTIVE_STRATEGIES.has(e.name)) continue;
    const run = runExplore({ scenario, mutant, strategy: e.name, seed: '1', executionsMax: FIND_EXECUTIONS_MAX, minimize: false });
    if (run.outcome.violation?.violation) return { run, strategy: e.name };
    tried.push(`${e.name}: ${run.summary.claim.evidence}`);
  }
  return `no sampling explorer found ${scenario}/${mutant} in ${FIND_EXECUTIONS_MAX} executions (${tried.join('; ')})`;
}

/** Declares the tests for the cases whose position modulo `parts` is `part`. */
export function declareMutantMinimizeTests(part: number, parts: number): void {
  const cases = mutantCases().filter((_, i) => i % parts === part);
  describe.each(cases)('$scenario mutant $mutant', ({ scenario, mutant }) => {
    let found: { run: ExploreRun; strategy: string } | string;
    let min: MinimizeResult;
    let trace: TraceV1;
    beforeAll(() => {
      found = findCounterexample(scenario, mutant);
      if (typeof found === 'string') return;
      min = minimizeExecution(found.run.setup, found.run.outcome.violation!);
      trace = traceOf(found.run.setup, found.run.options, found.run.outcome, min)!;
    });

    it('minimized counterexample: same invariant, not longer, replays byte-identically', () => {
      if (typeof found === 'string') throw new Error(found);
      const original = found.run.outcome.violation!;
      expect(trace.violation!.invariant).toBe(original.violation!.invariant);
      expect(trace.choices.length).toBeLessThanOrEqual(original.choices.length);
      expect(trace.minimized!.originalChoices).toBe(original.choices.length);
      expect(trace.execution).toBe(original.index);
      const text = traceText(trace);
      const parsed = parseTrace(text, 'minimized');
      expect(traceText(parsed)).toBe(text);
      const r = replayTrace(parsed, 'minimized');
      expect(r.mismatch).toBeNull();
      expect(r.violation?.invariant).toBe(trace.violation!.invariant);
    });
  });
}
