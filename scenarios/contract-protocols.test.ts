// The three contract protocols of issue 4 (mesh-consensus, decision-contract, governed-packet)
// explore clean: their correct models show no violation under `random`, `pct` and `swarm` with a
// fixed budget, and — once a `dpor` explorer is registered — exhaustively under `dpor` within
// the bounds stated below (reduced fault budgets; mesh-consensus is not exhaustible within a
// useful execution bound, see DPOR_BOUNDS). Their list entries name every mutant and invariant.
import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../sim/faults.js';
import { findExplorer } from '../harness/explore/registry.js';
import { resolveExploreOptions } from '../harness/run.js';
import { resolveSetup } from '../harness/setup.js';
import { verdictOf } from '../harness/verdict.js';
import { runCli } from '../harness/cli/main.js';
import { memoryIo } from '../harness/cli/io.js';
import { findScenario } from './registry.js';

const IDS = ['mesh-consensus', 'decision-contract', 'governed-packet'] as const;
const SAMPLING_EXECUTIONS = 300;

/** Stated DPOR bounds: fault budgets per execution and an execution cap the search must finish under. */
const DPOR_BOUNDS: readonly { id: string; faults: Partial<Record<FaultKind, number>>; executionsMax: number }[] = [
  { id: 'decision-contract', faults: { drop: 1, corrupt: 1, duplicate: 0, reorder: 0 }, executionsMax: 5000 },
  { id: 'governed-packet', faults: { drop: 1, corrupt: 1, inject: 1, duplicate: 0, reorder: 1 }, executionsMax: 5000 },
];

/**
 * Mutants a complete optimal-DPOR search within DPOR_BOUNDS misses although a counterexample
 * exists inside the bounds: a known DPOR defect, marked `it.fails` so the suite stays green and
 * turns red the day it is fixed (then delete the entry). Empty: the governed-packet misses
 * (skip-acceptance, no-age-check, ignore-missing-source; reproduction: skip-acceptance with
 * faults {inject:1, drop:1}) are found since the fix of the "covered by a choice absent from the
 * sequence" rule wrongly applied to a drop (harness/explore/dpor.ts, 2026-11-22).
 */
const KNOWN_DPOR_MISSES: readonly string[] = [];

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

  for (const b of DPOR_BOUNDS) {
    it.skipIf(!findExplorer('dpor'))(`${b.id} under dpor: exhaustive within ${JSON.stringify(b.faults)} and ${b.executionsMax} executions, no violation`, () => {
      const setup = resolveSetup({ scenario: b.id, faults: b.faults });
      const opts = resolveExploreOptions({ scenario: b.id, strategy: 'dpor', executionsMax: b.executionsMax }, setup);
      const o = findExplorer('dpor')!.explore(setup, opts);
      expect(o.violation?.violation ?? null).toBeNull();
      expect(verdictOf(o)).toMatchObject({ verdict: 'held', claim: { level: 'verified' } });
    });

    // Soundness within the same bounds: every mutant has a counterexample inside them (random
    // finds each), so an exhaustive search must find one too.
    for (const m of findScenario(b.id)!.mutants) {
      const known = KNOWN_DPOR_MISSES.includes(`${b.id}/${m.name}`);
      const test = !findExplorer('dpor') ? it.skip : known ? it.fails : it;
      test(`${b.id} under dpor within the same bounds finds mutant ${m.name} (${m.expect})${known ? ' [KNOWN DPOR MISS]' : ''}`, () => {
        const setup = resolveSetup({ scenario: b.id, mutant: m.name, faults: b.faults });
        const opts = resolveExploreOptions({ scenario: b.id, strategy: 'dpor', executionsMax: b.executionsMax }, setup);
        const o = findExplorer('dpor')!.explore(setup, opts);
        expect(o.violation?.violation?.invariant).toBe(m.expect);
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
