// Every registered scenario must exercise the fault paths it enables: with a fixed budget of
// seeded random executions of its correct model, each fault kind its default budget turns on
// (drop, corrupt, crash, ...) fires at least once, and no disabled kind ever fires. A planted
// scenario whose faults can never fire shows the check can fail.
import { describe, expect, it } from 'vitest';
import { setup as xsetup } from 'xstate';
import { faultBudget } from '../sim/faults.js';
import { SCENARIOS } from '../scenarios/registry.js';
import type { Scenario } from '../scenarios/types.js';
import { faultReach, FAULT_REACH_EXECUTIONS_DEFAULT } from './fault-reach.js';
import { resolveSetup, type RunSetup } from './setup.js';

describe('fault paths exercised (every registered scenario)', () => {
  it.each(SCENARIOS.map((s) => [s.id]))('%s: every enabled fault kind fires within the fixed budget', (id) => {
    const r = faultReach(resolveSetup({ scenario: id }));
    console.log(`${id}: enabled ${r.enabledKinds.join(',') || 'none'}; fired ${r.enabledKinds.map((k) => `${k}=${r.fired[k]}`).join(', ') || '-'}; corrupted messages delivered ${r.corruptDelivered} in ${r.executions} executions`);
    expect(r.executions).toBe(FAULT_REACH_EXECUTIONS_DEFAULT);
    expect(r.unexercised, `fault kinds enabled by '${id}' that never fired`).toEqual([]);
    expect(r.overBudget, `fault kinds disabled for '${id}' that fired`).toEqual([]);
  });
});

describe('fault reach check can fail', () => {
  /** A planted scenario: drops and corruption are on, but its one actor never sends a message. */
  const silent: Scenario = {
    id: 'planted-silent', title: 'planted', goal: 'faults enabled that can never fire', version: 1, params: [], mutants: [],
    invariants: [], terminal: [], faults: { drop: 1, corrupt: 1, crash: 1 }, depthMax: 10,
    build: ({ faults }) => ({
      actors: [{ id: 'a', machine: xsetup({}).createMachine({ id: 'silent', initial: 'idle', states: { idle: { after: { 5: 'done' } }, done: { type: 'final' } } }) }],
      faults: faultBudget(faults), partitionMs: 10, injectables: [], crashable: ['a'],
    }),
  };
  const planted: RunSetup = {
    scenario: silent, mutant: null, params: {}, faults: faultBudget(silent.faults),
    spec: silent.build({ mutant: null, faults: faultBudget(silent.faults), params: {} }), definitionHash: 'planted',
  };

  it('reports drop and corrupt as unexercised when no message is ever sent (crash still fires)', () => {
    const r = faultReach(planted, 50);
    expect(r.enabledKinds).toEqual(['drop', 'corrupt', 'crash']);
    expect(r.unexercised).toEqual(['drop', 'corrupt']);
    expect(r.fired.crash).toBeGreaterThan(0);
  });
});
