// Model-based tests of the fail-closed decision contract machines with xstate/graph (via
// models/testing/coverage.ts): generated paths reach every state and take every transition,
// every visited snapshot is checked against the fail-closed rules, and the measured state and
// transition coverage must be 100% (printed in the test log).
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { canonicalJson, type Json } from '../sim/canonical.js';
import {
  contractConsumerMachine, contractSha256, deciderMachine, proverMachine, DECISION_RULES, EVIDENCE_KINDS, STATUS_OF,
  type DeciderCtx, type DeciderOptions,
} from './decision-contract.js';
import { delivered, measureCoverage } from './testing/coverage.js';
import { expectFullCoverage } from './testing/expect-coverage.js';

const evidence = (kind: string, nonce: string, score: number, corrupt = false): EventObject =>
  delivered('prover', { type: 'EVIDENCE', kind, nonce, score }, corrupt);

const deciderEvents = (): EventObject[] => [
  ...EVIDENCE_KINDS.map((k) => evidence(k, DECISION_RULES.round, DECISION_RULES.goodScore)),
  evidence('time', DECISION_RULES.staleRound, DECISION_RULES.goodScore),
  evidence('identity', DECISION_RULES.round, 50),
  evidence('integrity', DECISION_RULES.round, DECISION_RULES.goodScore, true),
];

/** Traversal abstraction: what the guards read (counted evidence and the kinds seen). */
const deciderKey = (s: AnyMachineSnapshot): string => {
  const c = s.context as DeciderCtx;
  const seen = [...new Set(c.log.map((r) => r.kind))].sort();
  return canonicalJson({ value: s.value as Json, decision: c.decision, status: c.status, counted: c.counted as unknown as Json, seen });
};

function deciderCheck(s: AnyMachineSnapshot): void {
  const c = s.context as DeciderCtx;
  if (c.status !== STATUS_OF[c.decision]) throw new Error(`status ${c.status} with decision ${c.decision}`);
  if (c.decision === 'accept') {
    for (const k of EVIDENCE_KINDS) {
      const r = c.counted[k];
      if (!r || !r.intact || !r.fresh || r.score < DECISION_RULES.passScore) throw new Error(`accepted without valid '${k}' evidence`);
    }
  }
}

const measureDecider = (opts: DeciderOptions = {}) =>
  measureCoverage(deciderMachine(opts), { inputs: [{ subject: 's1' }], events: deciderEvents, serialize: deciderKey, check: deciderCheck });

describe('decision contract machines (model-based, xstate/graph)', () => {
  it('decider: 100% states and transitions, fail-closed rules hold on every path', () => {
    expectFullCoverage(measureDecider());
  });

  it('the path check catches the decider mutants', () => {
    expect(() => measureDecider({ skipFreshness: true })).toThrow(/without valid 'time'/);
    expect(() => measureDecider({ acceptOnWindow: true })).toThrow(/accepted without valid/);
    expect(() => measureDecider({ statusEarly: true })).toThrow(/status approved with decision pending/);
  });

  it('prover: 100% states and transitions', () => {
    const events = (): EventObject[] => [
      delivered('decider', { type: 'REQUEST', nonce: DECISION_RULES.round }),
      delivered('decider', { type: 'REQUEST', nonce: DECISION_RULES.round }, true),
      delivered('decider', { type: 'REQUEST', nonce: 'r9' }),
    ];
    expectFullCoverage(measureCoverage(proverMachine(), { events }));
  });

  it('consumer: 100% states and transitions; adopts only verified, consistent contracts', () => {
    const contract = (decision: string, status: string, sha?: string): EventObject =>
      delivered('decider', { type: 'CONTRACT', decision, status, subject: 's1', sha256: sha ?? contractSha256({ decision, status, subject: 's1' }) });
    const events = (): EventObject[] => [
      contract('accept', 'approved'), contract('accept~', 'approved', contractSha256({ decision: 'accept', status: 'approved', subject: 's1' })),
      contract('accept', 'denied'),
    ];
    const check = (s: AnyMachineSnapshot): void => {
      const a = (s.context as { adopted: { decision: string; status: string } | null }).adopted;
      if (a && (a.decision !== 'accept' || a.status !== 'approved')) throw new Error(`adopted ${a.decision}/${a.status}`);
    };
    expectFullCoverage(measureCoverage(contractConsumerMachine(), { events, check }));
    expect(() => measureCoverage(contractConsumerMachine({ skipSha: true }), { events, check })).toThrow(/adopted/);
  });
});
