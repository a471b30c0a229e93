// Scenario `epoch`: the correct model explores clean under random with a fixed budget (and its
// message faults and injections actually fire), and every mutant is caught by the oracle
// it names, with a trace that replays.
import { describe, expect, it } from 'vitest';
import { runExplore } from '../harness/run.js';
import { replayTrace } from '../harness/replay.js';
import { EPOCH_MUTANTS, epochScenario } from './epoch.js';

const BUDGET = { strategy: 'random', seed: 1, executionsMax: 1000, faultProbability: 0.2, minimize: false } as const;
// Every mutant is found by random sampling at this budget. (A stale ack used to need a second
// barrier plus a duplicate or reorder, which only PCT found; p1's injected retransmission of its
// last ack, the one for the barrier that brought it to epoch 5, now makes it a one-fault bug.)

describe('scenario epoch', () => {
  it('explores clean under random (600 executions, seed 1) and exercises its faults', () => {
    const r = runExplore({ scenario: 'epoch', ...BUDGET, executionsMax: 600 });
    expect(r.outcome.violation?.violation ?? null).toBeNull();
    expect(r.outcome.executions).toBe(600);
    for (const k of ['drop', 'duplicate', 'corrupt', 'reorder', 'inject'] as const) expect(r.outcome.faultsFired[k]).toBeGreaterThan(0);
  });

  it('gives every invariant and terminal oracle at least one mutant', () => {
    const ids = [...epochScenario.invariants, ...epochScenario.terminal].map((i) => i.id);
    for (const id of ids) expect(EPOCH_MUTANTS.some((m) => m.expect === id), id).toBe(true);
  });

  for (const m of EPOCH_MUTANTS) {
    it(`mutant ${m.name} is caught by ${m.expect} (random)`, () => {
      const r = runExplore({ scenario: 'epoch', mutant: m.name, ...BUDGET });
      expect(r.outcome.violation?.violation?.invariant).toBe(m.expect);
      expect(r.trace).not.toBeNull();
      expect(replayTrace(r.trace!, 'epoch test').reproduced).toBe(true);
    });
  }
});
