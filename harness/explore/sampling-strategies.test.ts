// Tests of the `pct` and `swarm` explorers: each execution depends only on (seed, index) — it
// can be re-run alone with identical choices — PCT draws exactly d-1 distinct change points in
// the step bound and runs the highest-priority actor, and swarm executions draw differing fault
// mixes from the seed and never fire a kind their mix switched off.
import { describe, expect, it } from 'vitest';
import { Stream } from '../../sim/rng.js';
import { runExecution } from '../execution.js';
import { resolveSetup } from '../setup.js';
import { resolveExploreOptions } from '../run.js';
import { changePoints, pctChooser, pctExplorer, threadOf } from './pct.js';
import { swarmChooser, swarmConfig, swarmExplorer, SWARM_PROBABILITIES } from './swarm.js';

const setup = resolveSetup({ scenario: 'mesh-consensus' });

describe('pct', () => {
  it('draws d-1 distinct change points inside the step bound, with priorities 1..d-1', () => {
    for (const d of [1, 2, 3, 5]) {
      const cp = changePoints(Stream.derive('s', 'pct', 0), d, 50);
      expect(cp.size).toBe(d - 1);
      for (const [k, p] of cp) {
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThan(50);
        expect(p).toBeGreaterThanOrEqual(1);
        expect(p).toBeLessThan(d);
      }
      expect([...cp.values()].sort()).toEqual(Array.from({ length: d - 1 }, (_, i) => i + 1));
    }
  });

  it('execution i is reproducible alone and differs across indices', () => {
    const run = (i: number) => runExecution(setup, i, pctChooser('7', i, 0.1, 3, setup.scenario.depthMax), setup.scenario.depthMax).choices;
    expect(run(5)).toEqual(run(5));
    const distinct = new Set(Array.from({ length: 20 }, (_, i) => run(i).join('|')));
    expect(distinct.size).toBeGreaterThan(5);
  });

  it('with no faults and d=1 (no change points) priorities are a strict order: a beaten actor never beats its winner', () => {
    for (let e = 0; e < 20; e++) {
      const chooser = pctChooser('9', e, 0, 1, 100);
      const beats = new Set<string>();
      let steps = 0;
      runExecution(setup, e, (list, w, depth) => {
        const c = chooser(list, w, depth);
        if (!c) return c;
        const winner = threadOf(c, w);
        for (const other of new Set(list.filter((x) => x.kind === 'deliver' || x.kind === 'timer').map((x) => threadOf(x, w)))) {
          if (other === winner) continue;
          expect(beats.has(`${other}>${winner}`), `${winner} ran while ${other} (which beat it earlier) was enabled`).toBe(false);
          beats.add(`${winner}>${other}`);
        }
        steps++;
        return c;
      }, 100);
      expect(steps).toBeGreaterThan(0);
    }
  });

  it('the explorer is deterministic for a seed and honours the bug depth option', () => {
    const opts = resolveExploreOptions({ scenario: 'mesh-consensus', strategy: 'pct', seed: '3', executionsMax: 30, bugDepth: 4 }, setup);
    expect(opts.bugDepth).toBe(4);
    const a = pctExplorer.explore(setup, opts);
    const b = pctExplorer.explore(setup, opts);
    expect(a.executions).toBe(30);
    expect(a.steps).toBe(b.steps);
    expect(a.faultsFired).toEqual(b.faultsFired);
  });
});

describe('swarm', () => {
  it('each execution draws its own mix: only kinds the budget allows, probabilities from the set', () => {
    const configs = Array.from({ length: 40 }, (_, i) => swarmConfig('1', i, setup.faults));
    const allowed = Object.entries(setup.faults).filter(([, v]) => v > 0).map(([k]) => k);
    for (const c of configs) {
      for (const k of c.kinds) expect(allowed).toContain(k);
      expect(SWARM_PROBABILITIES).toContain(c.faultProbability);
    }
    expect(new Set(configs.map((c) => c.kinds.join(','))).size).toBeGreaterThan(10);
    expect(new Set(configs.map((c) => c.faultProbability)).size).toBeGreaterThan(2);
    expect(swarmConfig('1', 3, setup.faults)).toEqual(configs[3]);
  });

  it('never fires a fault kind its execution switched off', () => {
    for (let i = 0; i < 60; i++) {
      const cfg = swarmConfig('2', i, setup.faults);
      const rec = runExecution(setup, i, swarmChooser('2', i, setup.faults), setup.scenario.depthMax);
      for (const [k, n] of Object.entries(rec.faults)) if (n > 0) expect(cfg.kinds).toContain(k);
    }
  });

  it('the explorer is deterministic for a seed', () => {
    const opts = resolveExploreOptions({ scenario: 'mesh-consensus', strategy: 'swarm', seed: '5', executionsMax: 30 }, setup);
    const a = swarmExplorer.explore(setup, opts);
    const b = swarmExplorer.explore(setup, opts);
    expect(a.executions).toBe(30);
    expect([a.steps, a.faultsFired]).toEqual([b.steps, b.faultsFired]);
  });
});
