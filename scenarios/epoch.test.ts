// Scenario `epoch`: the correct model explores clean under random with a fixed budget (and its
// message faults and injections actually fire), and every mutant is caught by the oracle
// it names, with a trace that replays.
import { describe, expect, it } from 'vitest';
import { runExplore } from '../harness/run.js';
import { replayTrace } from '../harness/replay.js';
import { EPOCH_MUTANTS, epochScenario } from './epoch.js';

const BUDGET = { strategy: 'random', seed: 1, executionsMax: 1000, faultProbability: 0.2, minimize: false } as const;
/**
 * A stale ack needs a barrier to abort and a later one to start while an old ack is still in
 * flight, which the DONE-gated abort only allows after a duplicate or reorder: random sampling
 * needs ~1700 executions at p=0.2, PCT (which delays messages by priority) finds it in tens.
 */
const STRATEGY: Readonly<Record<string, string>> = { 'accept-stale-ack': 'pct' };

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
    it(`mutant ${m.name} is caught by ${m.expect} (${STRATEGY[m.name] ?? 'random'})`, () => {
      const r = runExplore({ scenario: 'epoch', mutant: m.name, ...BUDGET, strategy: STRATEGY[m.name] ?? BUDGET.strategy });
      expect(r.outcome.violation?.violation?.invariant).toBe(m.expect);
      expect(r.trace).not.toBeNull();
      expect(replayTrace(r.trace!, 'epoch test').reproduced).toBe(true);
    });
  }
});
