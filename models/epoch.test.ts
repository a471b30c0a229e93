// Model-based tests of the epoch-barrier machines with xstate/graph: every state and transition
// of the coordinator, participant, operator and client is reached on generated paths, state
// assertions hold on every visited snapshot, and the coverage is measured from the definitions.
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { canonicalJson, type Json } from '../sim/canonical.js';
import { coordinatorMachine, epochClientMachine, operatorMachine, participantMachine, type CoordinatorCtx, type ParticipantCtx } from './epoch.js';
import { delivered, measureCoverage } from './testing/coverage.js';
import { expectFullCoverage } from './testing/expect-coverage.js';

describe('epoch machines (model-based, xstate/graph), default and stated-bounds variants', () => {
  it('coordinator: 100% states and transitions; commits only with one ack per participant', () => {
    const events = (s: AnyMachineSnapshot): EventObject[] => {
      const c = s.context as CoordinatorCtx;
      const b = c.barrier ?? 'b6.1';
      if (c.epoch >= 7 || c.attempt >= 3) return []; // bound the abstract state space (epochs 5..7, three attempts)
      return [
        delivered('operator', { type: 'PROPOSE', target: c.epoch + 1 }), delivered('operator', { type: 'PROPOSE', target: c.epoch + 3 }),
        delivered('p1', { type: 'ACK', barrier: b }), delivered('p2', { type: 'ACK', barrier: b }), delivered('p1', { type: 'ACK', barrier: 'stale' }),
        delivered('p1', { type: 'DONE', barrier: b }), delivered('p2', { type: 'DONE', barrier: b }), { type: 'CANCEL' },
      ];
    };
    // Abstract away the ever-growing history: keep value, epoch (bounded by the test), barrier, acks, pending.
    const key = (s: AnyMachineSnapshot): string => {
      const c = s.context as CoordinatorCtx;
      return canonicalJson({ v: s.value as Json, e: c.epoch, n: c.attempt, b: c.barrier, a: c.acks as unknown as Json, p: c.pending, t: c.target, r: c.resends });
    };
    const check = (s: AnyMachineSnapshot): void => {
      for (const cm of (s.context as CoordinatorCtx).commits) {
        if (cm.acks.map((a) => a.from).sort().join(',') !== 'p1,p2') throw new Error(`commit without all acks: ${JSON.stringify(cm)}`);
      }
    };
    for (const resendsMax of [undefined, 0, 2]) {
      expectFullCoverage(measureCoverage(coordinatorMachine({ resendsMax }), { inputs: [{ participants: ['p1', 'p2'], epoch: 5 }], events, serialize: key, check }));
    }
  });

  it('participant: 100% states and transitions; never accepts a mixed, future or stale request', () => {
    const events = (s: AnyMachineSnapshot): EventObject[] => {
      const p = s.context as ParticipantCtx;
      const e = p.epoch;
      const b = p.barrier ?? 'b6.1';
      return [
        delivered('client', { type: 'REQ', id: 'ok', epoch: e, parts: [e, e] }), delivered('client', { type: 'REQ', id: 'mixed', epoch: e, parts: [e, e - 1] }),
        delivered('client', { type: 'REQ', id: 'bad', epoch: e, parts: [e] }, true),
        delivered('client', { type: 'REQ', batch: [{ id: 'b1', epoch: e, parts: [e] }, { id: 'b2', epoch: e + 1, parts: [e + 1] }, { id: 'b3', epoch: e - 2, parts: [e - 2] }] }),
        delivered('coordinator', { type: 'PREPARE', barrier: 'b6.1', target: e + 1, epoch: e }), delivered('coordinator', { type: 'COMMIT', barrier: b, epoch: e + 1 }),
        delivered('coordinator', { type: 'ABORT', barrier: b }), { type: 'STALL' }, { type: 'REACK' },
      ];
    };
    const key = (s: AnyMachineSnapshot): string => {
      const p = s.context as ParticipantCtx;
      return canonicalJson({ v: s.value as Json, e: p.epoch, b: p.barrier, f: p.finished, k: p.acked });
    };
    const check = (s: AnyMachineSnapshot): void => {
      const p = s.context as ParticipantCtx;
      for (const r of p.accepted) if (r.phase !== 'serving' || r.parts.some((x) => x !== r.epoch) || r.epoch > r.at || r.epoch < r.at - p.lookback) throw new Error(`bad acceptance ${JSON.stringify(r)}`);
      if (p.epochs.some((x, i) => i > 0 && x !== p.epochs[i - 1]! + 1)) throw new Error(`epoch gap ${p.epochs.join(',')}`);
      if (p.epoch > p.committedSeen) throw new Error(`at epoch ${p.epoch} with only ${p.committedSeen} committed`);
    };
    for (const instantDrain of [undefined, true]) {
      expectFullCoverage(measureCoverage(participantMachine({ instantDrain }), { inputs: [{ epoch: 5, lookback: 1 }], events, serialize: key, check }));
    }
  });

  it('operator and client: 100% states and transitions', () => {
    // With fewer proposals the operator is a single final state (no transition to cover).
    expectFullCoverage(measureCoverage(operatorMachine(), { inputs: [{ epoch: 5 }], events: () => [] }));
    for (const [requests, batch] of [[5, false], [4, true], [0, false]] as const) {
      expectFullCoverage(measureCoverage(epochClientMachine({ requests, batch }), { events: () => [{ type: 'FORGE_ACK' }] }));
    }
  });
});
