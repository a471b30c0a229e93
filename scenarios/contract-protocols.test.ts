// The three contract protocols of issue 4 (mesh-consensus, decision-contract, governed-packet)
// explore clean: their correct models show no violation under `random`, `pct` and `swarm` with a
// fixed budget, under their default configurations. Exhaustive `dpor` within each scenario's
// stated bounds (`Scenario.stated`), and that those bounds catch every mutant, are checked by
// harness/stated-bounds/<id>.test.ts. Their list entries name every mutant and invariant.
import { describe, expect, it } from 'vitest';
import { findExplorer } from '../harness/explore/registry.js';
import { resolveExploreOptions } from '../harness/run.js';
import { resolveSetup } from '../harness/setup.js';
import { verdictOf } from '../harness/verdict.js';
import { runCli } from '../harness/cli/main.js';
import { memoryIo } from '../harness/cli/io.js';
import { findScenario } from './registry.js';

const IDS = ['mesh-consensus', 'decision-contract', 'governed-packet'] as const;
const SAMPLING_EXECUTIONS = 300;

describe('contract protocols explore clean', () => {
  for (const id of IDS) {
    for (const strategy of ['random', 'pct', 'swarm']) {
      it(`${id} under ${strategy}: ${SAMPLING_EXECUTIONS} executions, no violation`, () => {
        const setup = resolveSetup({ scenario: id });
        const opts = resolveExploreOptions({ scenario: id, strategy, seed: 'clean', executionsMax: SAMPLING_EXECUTIONS }, setup);
        const o = findExplorer(strategy)!.explore(setup, opts);
        expect(o.violation?.violation ?? null).toBeNull();
        expect(o.executions).toBe(SAMPLING_EXECUTIONS);
        expect(o.depthCut).toBe(0);
        expect(verdictOf(o).verdict).toBe('held');
      });
    }
  }
});

describe('racelab list shows the contract protocols', () => {
  it('names every mutant and invariant of each', () => {
    const io = memoryIo();
    expect(runCli(['list'], io)).toBe(0);
    const text = io.stdout.join('\n');
    for (const id of IDS) {
      const s = findScenario(id)!;
      expect(text).toContain(`${id} — ${s.title}`);
      for (const i of [...s.invariants, ...s.terminal]) expect(text).toContain(`    ${i.id}: ${i.description}`);
      for (const m of s.mutants) expect(text).toContain(`    ${m.name}: ${m.description} (must violate ${m.expect})`);
    }
  });
});
