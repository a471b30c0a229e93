// Shared body of the "every mutant minimizes" acceptance tests (split over three test files so
// each stays fast on a 2-core CI machine). For every mutant of every registered scenario: the
// counterexample of the first registered sampling explorer that finds it is minimized, the minimized trace names the same
// invariant, is never longer than the original, replays exactly, and — when a `bfs` explorer is
// registered — is no longer than the counterexample bfs finds for the same invariant.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrace, traceText, type TraceV1 } from '../../reports/trace.js';
import { SCENARIOS } from '../../scenarios/registry.js';
import { EXPLORERS, findExplorer } from '../explore/registry.js';
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

    // bfs over every mutant costs minutes on a 2-core machine, so CI runs this comparison only
    // with RACELAB_BFS_COMPARE=1 (e.g. a nightly job); it runs against whatever `bfs` is registered.
    it.runIf(findExplorer('bfs') !== undefined && process.env.RACELAB_BFS_COMPARE === '1')('is no longer than the counterexample bfs finds, for the same invariant', (ctx) => {
      if (typeof found === 'string') throw new Error(found);
      const bfs = runExplore({ scenario, mutant, strategy: 'bfs', seed: '1', minimize: false });
      // Nothing to compare when bfs finds no counterexample within its default budget: skipped, not passed.
      if (!bfs.trace) return ctx.skip(`bfs found no counterexample within its default budget: ${bfs.summary.claim.evidence}`);
      expect(trace.violation!.invariant, `bfs's shortest counterexample breaks '${bfs.trace!.violation!.invariant}'`).toBe(bfs.trace!.violation!.invariant);
      expect(trace.choices.length).toBeLessThanOrEqual(bfs.trace!.choices.length);
    });
  });
}
