// Model-based tests of the drain protocol machines with xstate/graph: paths to every state and
// through every transition, state assertions on every visited snapshot, and 100% state and
// transition coverage measured against the machine definitions (reported in the test log).
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { canonicalJson, type Json } from '../sim/canonical.js';
import { CANCEL_PHASES, drainClientMachine, ledgerMachine, regionMachine, type RegionCtx } from './drain.js';
import { delivered, measureCoverage } from './testing/coverage.js';
import { expectFullCoverage } from './testing/expect-coverage.js';

function regionEvents(s: AnyMachineSnapshot): EventObject[] {
  const c = s.context as RegionCtx;
  return [
    { type: 'START' }, { type: 'AUTOSTART' }, { type: 'RESEND' }, { type: 'CANCEL' }, { type: 'STALL' }, { type: 'CHECK' }, { type: 'DRAIN' }, { type: 'FINALIZE' }, { type: 'DRAIN_TIMEOUT' },
    delivered('parent', { type: 'JOIN' }),
    delivered('client', { type: 'SUBMIT', item: 'x' }),
    delivered('ledger', { type: 'RESERVED', txn: c.txn, item: c.items[c.cursor] ?? '' }),
    delivered('ledger', { type: 'COMMITTED', txn: c.txn }),
    delivered('ledger', { type: 'COMMIT_REFUSED', txn: c.txn, code: 'E_NOT_RESERVED' }),
    delivered('ledger', { type: 'ABORTED', txn: c.txn, state: 'aborted' }),
    delivered('ledger', { type: 'ABORTED', txn: c.txn, state: 'committed' }),
    ...c.children.map((ch) => delivered(ch, { type: 'CLOSED' })),
  ];
}

const regionInputs = [
  { txn: 'T1', items: ['a'], children: ['child'], parent: null, autoStart: true, drainBudgetMs: 100, resendsMax: 1, awaitTimers: true },
  { txn: 'T2', items: ['c'], children: [], parent: 'parent', autoStart: false, drainBudgetMs: 50, resendsMax: 1, awaitTimers: false },
  { txn: 'T3', items: [], children: [], parent: 'parent', autoStart: false, drainBudgetMs: 50, resendsMax: 0, awaitTimers: true },
];

/** Abstraction for traversal: everything but the unbounded cancel counter and the resend counter. */
const regionKey = (s: AnyMachineSnapshot): string => {
  const c = s.context as RegionCtx;
  const { items, cursor, reserveSent, acked, open, phases, outcome, abortAcked, timedOut } = c;
  return canonicalJson({ value: s.value as Json, context: { items, cursor, reserveSent, acked, open, phases, outcome, abortAcked, timedOut } as unknown as Json });
};

function regionCheck(s: AnyMachineSnapshot): void {
  const c = s.context as RegionCtx;
  if (!c.phases.every((p, i) => p === CANCEL_PHASES[i])) throw new Error(`phases out of order: ${c.phases.join(',')}`);
  if (c.accepted.some((a) => a.phase !== 'running')) throw new Error('work accepted after cancel');
  if (s.matches('completed') && c.open.length > 0) throw new Error('closed with open children');
}

describe('drain machines (model-based, xstate/graph)', () => {
  it('region: 100% states and transitions', () => {
    expectFullCoverage(measureCoverage(regionMachine(), { inputs: regionInputs, events: regionEvents, serialize: regionKey, check: regionCheck }));
  });

  it('ledger: 100% states and transitions', () => {
    const ev = (type: string, body: Record<string, Json>, corrupt = false) => delivered('r', { type, ...body }, corrupt);
    const events = (): EventObject[] => [
      ev('RESERVE', { txn: 'T1', item: 'a' }), ev('RESERVE', { txn: 'T2', item: 'a' }), ev('RESERVE', { txn: 'T1', item: 'b' }),
      ev('COMMIT', { txn: 'T1', items: ['a'] }), ev('COMMIT', { txn: 'T1', items: ['a', 'b'] }),
      ev('ABORT', { txn: 'T1' }), ev('ABORT', { txn: 'T2' }), ev('RESERVE', { txn: 'T1', item: 'a' }, true),
      { type: 'EXPIRE', item: 'a', txn: 'T1' } as EventObject, { type: 'EXPIRE', item: 'b', txn: 'T1' } as EventObject,
    ];
    const check = (s: AnyMachineSnapshot): void => {
      const items = (s.context as { items: Record<string, { state: string; txn: string | null }> }).items;
      const byTxn = new Map<string, string[]>();
      for (const it of Object.values(items)) if (it.txn) byTxn.set(it.txn, [...(byTxn.get(it.txn) ?? []), it.state]);
      for (const [txn, states] of byTxn) if (states.includes('committed') && states.includes('reserved')) throw new Error(`txn ${txn} half-committed`);
    };
    expectFullCoverage(measureCoverage(ledgerMachine(), { inputs: [{ items: ['a', 'b'] }], events, check }));
  });

  it('client: 100% states and transitions', () => {
    expectFullCoverage(measureCoverage(drainClientMachine(), { inputs: [{ region: 'parent', item: 'x' }], events: () => [] }));
  });
});
