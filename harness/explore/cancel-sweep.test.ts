// The cancel-sweep explorer: a cancel injected before every step of the drain workflow's base
// schedule with every oracle holding, a seeded sample of points, the mutants a single cancel
// exposes, and an honest zero-execution outcome where there is nothing to cancel.
import { describe, expect, it } from 'vitest';
import { runExplore } from '../run.js';
import { replayTrace } from '../replay.js';
import { resolveSetup } from '../setup.js';
import { cancelPoints, selectPoints } from './cancel-sweep.js';

describe('cancel-sweep explorer', () => {
  it('injects a cancel at every point of the drain workflow and every oracle holds', () => {
    const setup = resolveSetup({ scenario: 'drain' });
    const { base, points, notApplicable } = cancelPoints(setup, 200);
    expect(base.length).toBeGreaterThan(10);
    // the cancel is accepted at every point until the region has closed, and refused after
    expect(points.map((p) => p.point)).toEqual(points.map((_, i) => i));
    expect(points.length + notApplicable).toBe(base.length + 1);
    const r = runExplore({ scenario: 'drain', strategy: 'cancel-sweep', seed: 1 });
    expect(r.outcome.violation).toBeNull();
    expect(r.outcome.executions).toBe(points.length);
    expect(r.outcome.faultsFired.inject).toBe(points.length);
    expect(r.outcome.complete).toBe(true);
    expect(r.summary).toBeDefined();
  });

  it('sweeps the epoch barrier: a cancel before every step of the base schedule leaves everyone agreeing', () => {
    const { points } = cancelPoints(resolveSetup({ scenario: 'epoch' }), 200);
    expect(points.length).toBeGreaterThan(3);
    const r = runExplore({ scenario: 'epoch', strategy: 'cancel-sweep', seed: 1 });
    expect(r.outcome.violation).toBeNull();
    expect(r.outcome.executions).toBe(points.length);
  });

  it('sweeps a seeded sample of K points when --executions is smaller than the number of points', () => {
    const setup = resolveSetup({ scenario: 'drain' });
    const { points } = cancelPoints(setup, 200);
    const a = selectPoints(points, 5, 'seed-a');
    expect(a).toHaveLength(5);
    expect(selectPoints(points, 5, 'seed-a')).toEqual(a);
    expect(new Set(a.map((p) => p.point)).size).toBe(5);
    const r = runExplore({ scenario: 'drain', strategy: 'cancel-sweep', seed: 'seed-a', executionsMax: 5 });
    expect(r.outcome.executions).toBe(5);
    expect(r.outcome.violation).toBeNull();
  });

  for (const [mutant, expect_] of [['skip-drain', 'phases-in-order'], ['forget-inflight-reserve', 'no-obligation-leak'], ['orphan-child', 'no-task-outlives-region']] as const) {
    it(`finds mutant ${mutant} (${expect_}) with one injected cancel, and the trace replays`, () => {
      const r = runExplore({ scenario: 'drain', mutant, strategy: 'cancel-sweep', seed: 1, minimize: false });
      expect(r.outcome.violation?.violation?.invariant).toBe(expect_);
      expect(replayTrace(r.trace!, 'sweep test').reproduced).toBe(true);
    });
  }

  it('runs zero executions (inconclusive) for a scenario with nothing to cancel', () => {
    const r = runExplore({ scenario: 'leases', strategy: 'cancel-sweep', seed: 1 });
    expect(r.outcome.executions).toBe(0);
    expect(r.summary.verdict).toBe('inconclusive');
  });
});
