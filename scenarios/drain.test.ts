// Scenario `drain`: the correct model explores clean under random with a fixed budget (and its
// message faults and injected cancels actually fire), and every mutant is caught by the oracle
// it names, with a trace that replays.
import { describe, expect, it } from 'vitest';
import { runExplore } from '../harness/run.js';
import { replayTrace } from '../harness/replay.js';
import { DRAIN_MUTANTS, drainScenario } from './drain.js';

const BUDGET = { strategy: 'random', seed: 1, executionsMax: 1000, faultProbability: 0.2, minimize: false } as const;

describe('scenario drain', () => {
  it('explores clean under random (600 executions, seed 1) and exercises its faults', () => {
    const r = runExplore({ scenario: 'drain', ...BUDGET, executionsMax: 600 });
    expect(r.outcome.violation?.violation ?? null).toBeNull();
    expect(r.outcome.executions).toBe(600);
    for (const k of ['drop', 'duplicate', 'corrupt', 'reorder', 'inject'] as const) expect(r.outcome.faultsFired[k]).toBeGreaterThan(0);
  });

  it('gives every invariant and terminal oracle at least one mutant', () => {
    const ids = [...drainScenario.invariants, ...drainScenario.terminal].map((i) => i.id);
    for (const id of ids) expect(DRAIN_MUTANTS.some((m) => m.expect === id), id).toBe(true);
  });

  for (const m of DRAIN_MUTANTS) {
    it(`mutant ${m.name} is caught by ${m.expect}`, () => {
      const r = runExplore({ scenario: 'drain', mutant: m.name, ...BUDGET });
      expect(r.outcome.violation?.violation?.invariant).toBe(m.expect);
      expect(r.trace).not.toBeNull();
      expect(replayTrace(r.trace!, 'drain test').reproduced).toBe(true);
    });
  }
});
