// Model-based tests of the connector lifecycle machines with xstate/graph: every state and
// transition (including recovery to each durable phase and the per-state rejection of illegal
// commands) is reached, state assertions hold on every visited snapshot, and the coverage is
// measured from the machine definitions and reported.
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { canonicalJson, type Json } from '../sim/canonical.js';
import { CONNECTOR_COMMANDS, connectorMachine, connectorOperatorMachine, healthMachine, REQUIRED_CHECKS, type ConnectorCtx } from './connector.js';
import { delivered, measureCoverage } from './testing/coverage.js';
import { expectFullCoverage } from './testing/expect-coverage.js';

const PHASES = ['discovered', 'verified', 'installed', 'configured', 'active', 'paused', 'failed', 'stopped', 'stopping'];
const passing = { required: [...REQUIRED_CHECKS], passed: [...REQUIRED_CHECKS] };

describe('connector machines (model-based, xstate/graph)', () => {
  it('connector: 100% states and transitions; active only on a passing, non-empty gate', () => {
    const events = (): EventObject[] => [
      ...CONNECTOR_COMMANDS.map((type) => delivered('operator', { type, seq: 0 })),
      delivered('operator', { type: 'VERIFY', seq: 0 }, true),
      delivered('health', { type: 'HEALTH', ...passing }),
      delivered('health', { type: 'HEALTH', required: [...REQUIRED_CHECKS], passed: ['ping'] }),
      delivered('health', { type: 'HEALTH', required: [], passed: [] }),
      { type: 'FAULT' }, { type: 'RECOVER' }, { type: 'DRAIN' }, { type: 'FINALIZE' },
    ];
    const key = (s: AnyMachineSnapshot): string => {
      const c = s.context as ConnectorCtx;
      return canonicalJson({ v: s.value as Json, g: c.gate as unknown as Json, r: c.restored as unknown as Json, s: c.stopLog, t: c.recoveredTo });
    };
    const check = (s: AnyMachineSnapshot): void => {
      const c = s.context as ConnectorCtx;
      if (s.matches('active') && !(c.gate && c.gate.required.length > 0 && c.gate.required.every((x) => c.gate!.passed.includes(x)))) throw new Error('active without a passing gate');
      if (c.restored && c.recoveredTo !== null && c.recoveredTo !== c.restored.phase) throw new Error(`recovered to ${c.recoveredTo}, not ${c.restored.phase}`);
    };
    const inputs = [undefined, ...PHASES.map((phase) => ({ restored: { phase, commands: 3, gate: phase === 'active' || phase === 'paused' ? passing : null } }))];
    expectFullCoverage(measureCoverage(connectorMachine(), { inputs, events, serialize: key, check }));
  });

  it('health: 100% states and transitions', () => {
    expectFullCoverage(measureCoverage(healthMachine(), { events: () => [delivered('connector', { type: 'REGISTER' }), delivered('connector', { type: 'CHECK' }), { type: 'FAIL_AUTH' }] }));
  });

  it('operator: 100% states and transitions', () => {
    const events = (s: AnyMachineSnapshot): EventObject[] => {
      const i = (s.context as { i: number }).i;
      return [delivered('connector', { type: 'OK', seq: i }), delivered('connector', { type: 'REJECTED', seq: i, code: 'E_ILLEGAL_TRANSITION' })];
    };
    // Abstract away the results log (it only records outcomes): value, position and tries.
    const key = (s: AnyMachineSnapshot): string => canonicalJson({ v: s.value as Json, i: (s.context as { i: number }).i, t: (s.context as { tries: number }).tries });
    expectFullCoverage(measureCoverage(connectorOperatorMachine(), { events, serialize: key }));
    // The patient operator of the stated bounds (no reply timeout): same states, only reply transitions.
    expectFullCoverage(measureCoverage(connectorOperatorMachine({ replyTimeout: false }), { events, serialize: key }));
  });
});
