// Model-based tests of the mesh consensus machines with xstate/graph (via models/testing/
// coverage.ts): generated paths reach every state and take every transition, each visited
// snapshot is checked against the job model's rules, and the measured state and transition
// coverage (against the machine definitions) must be 100% and is printed in the test log.
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { canonicalJson, type Json } from '../sim/canonical.js';
import { hostDeliver, hostStart } from '../sim/host.js';
import {
  coordinatorMachine, meshClientMachine, meshNodeMachine, MESH_QUORUM, type CoordinatorCtx,
} from './mesh-consensus.js';
import { delivered, measureCoverage } from './testing/coverage.js';
import { expectFullCoverage } from './testing/expect-coverage.js';

const PHASES = ['submitted', 'distributed', 'generating', 'voting', 'consensus', 'completed'];

const coordEvents = (): EventObject[] => [
  delivered('n1', { type: 'ACK' }), delivered('n2', { type: 'ACK' }), delivered('n3', { type: 'ACK' }),
  delivered('n1', { type: 'VOTE', output: 'sum=42' }), delivered('n2', { type: 'VOTE', output: 'sum=42' }),
  delivered('n3', { type: 'VOTE', output: 'sum=41' }), delivered('n2', { type: 'VOTE', output: 'sum=42' }, true),
  { type: 'JOB_TIMEOUT' },
];

/** Traversal abstraction: only counted votes, as a set (uncounted and repeated votes change no guard). */
const coordKey = (s: AnyMachineSnapshot): string => {
  const c = s.context as CoordinatorCtx;
  const votes = [...new Set(c.votes.filter((v) => v.counted).map((v) => `${v.from}:${v.output}`))].sort();
  return canonicalJson({ value: s.value as Json, acked: c.acked, votes, result: c.result, reason: c.reason });
};

function coordCheck(s: AnyMachineSnapshot): void {
  const c = s.context as CoordinatorCtx;
  const body = c.phases[c.phases.length - 1] === 'failed' ? c.phases.slice(0, -1) : c.phases;
  if (!body.every((p, i) => p === PHASES[i])) throw new Error(`phases out of order: ${c.phases.join(',')}`);
  if (c.votes.some((v) => v.counted && !v.intact)) throw new Error('corrupted vote counted');
  if (s.matches('consensus') || s.matches('completed')) {
    const voters = new Set(c.votes.filter((v) => v.intact && v.output === c.result).map((v) => v.from));
    if (voters.size < MESH_QUORUM) throw new Error(`consensus on '${c.result}' with ${voters.size} voters`);
  }
}

describe('mesh consensus machines (model-based, xstate/graph)', () => {
  it('coordinator: 100% states and transitions, job rules hold on every path', () => {
    expectFullCoverage(measureCoverage(coordinatorMachine(), { events: coordEvents, serialize: coordKey, check: coordCheck }));
  });

  it('the path check catches a mutant (any-two-votes reaches consensus without a quorum)', () => {
    expect(() => measureCoverage(coordinatorMachine({ anyTwoVotes: true }), { events: coordEvents, serialize: coordKey, check: coordCheck })).toThrow(/consensus on/);
  });

  it('node: 100% states and transitions', () => {
    const events = (): EventObject[] => [
      delivered('coord', { type: 'ASSIGN', job: 'j1' }), delivered('coord', { type: 'ASSIGN', job: 'j1' }, true), delivered('n2', { type: 'ASSIGN', job: 'j1' }),
    ];
    expectFullCoverage(measureCoverage(meshNodeMachine(), { inputs: [{ output: 'sum=42' }], events }));
  });

  it('node without work time, voting twice (the scenario\'s work=0, resend=1): 100% states and transitions', () => {
    const events = (): EventObject[] => [
      delivered('coord', { type: 'ASSIGN', job: 'j1' }), delivered('coord', { type: 'ASSIGN', job: 'j1' }, true), delivered('n2', { type: 'ASSIGN', job: 'j1' }),
    ];
    expectFullCoverage(measureCoverage(meshNodeMachine({ work: false, voteCopies: 2 }), { inputs: [{ output: 'sum=42' }], events }));
  });

  it('node without work time acknowledges and votes in the step that takes the assignment, once per vote copy', () => {
    for (const copies of [1, 2]) {
      const spec = { id: 'n1', machine: meshNodeMachine({ work: false, voteCopies: copies }), input: { output: 'sum=42' } };
      const r = hostDeliver(spec, hostStart(spec).snapshot, delivered('coord', { type: 'ASSIGN', job: 'j1' }));
      expect(r.snapshot.status).toBe('done');
      expect(r.effects.schedule).toEqual([]);
      expect(r.effects.sends.map((x) => `${x.to} ${x.msg.type}:${String(x.msg.output ?? '')}`))
        .toEqual(['coord ACK:', ...Array.from({ length: copies }, () => 'coord VOTE:sum=42')]);
    }
  });

  it('client: 100% states and transitions', () => {
    const events = (): EventObject[] => [
      delivered('coord', { type: 'RESULT', output: 'sum=42' }), delivered('coord', { type: 'FAILED', job: 'j1' }), delivered('n1', { type: 'RESULT', output: 'x' }),
    ];
    expectFullCoverage(measureCoverage(meshClientMachine(), { events }));
  });
});
