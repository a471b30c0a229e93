// Model-based tests of the governed-packet machines with xstate/graph (via models/testing/
// coverage.ts): generated paths reach every state and take every transition, every concluded
// run is checked (green only from a clean packet), and the measured state and transition
// coverage must be 100% (printed in the test log).
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import {
  headerAcceptable, itemHash, manifestHash, packetConsumerMachine, producerMachine, PACKET_RULES,
  type PacketConsumerCtx, type PacketConsumerOptions,
} from './governed-packet.js';
import { delivered, measureCoverage } from './testing/coverage.js';
import { expectFullCoverage } from './testing/expect-coverage.js';

const good = { id: 'a', content: 'c-a', source: 'src', produced_at: 4900 };
const stale = { id: 'b', content: 'c-b', source: 'src', produced_at: 1000 };
const item = (i: typeof good, corrupt = false): EventObject => delivered('producer', { type: 'ITEM', ...i, content_hash: itemHash(i) }, corrupt);
const manifest = (decision_effect: string, may_gate: boolean): EventObject => {
  const head = { schema: PACKET_RULES.schema, source_mode: 'offline-snapshot', decision_effect, may_gate, as_of: PACKET_RULES.asOf, items: [good, stale].map((i) => ({ id: i.id, content_hash: itemHash(i) })) };
  return delivered('producer', { type: 'MANIFEST', ...head, manifest_hash: manifestHash(head) });
};

const consumerEvents = (): EventObject[] => [
  manifest('advisory', false), manifest('gating', false), item(good), item(stale),
  item({ ...good, content: 'tampered' }), delivered('stranger', { type: 'ITEM', ...good, content_hash: itemHash(good) }),
];

function consumerCheck(s: AnyMachineSnapshot): void {
  const c = s.context as PacketConsumerCtx;
  if (c.run === 'green') {
    if (!c.manifest || !headerAcceptable(c.manifest)) throw new Error('green run from an unacceptable packet');
    if (Object.values(c.verdicts).some((v) => v !== 'pass')) throw new Error(`green run with verdicts ${JSON.stringify(c.verdicts)}`);
    for (const i of c.items) {
      if (i.source === null || PACKET_RULES.asOf - i.produced_at > PACKET_RULES.maxAgeMs || itemHash(i) !== i.content_hash) throw new Error(`green run with bad item ${i.id}`);
    }
  }
}

const measureConsumer = (opts: PacketConsumerOptions = {}) => measureCoverage(packetConsumerMachine(opts), { events: consumerEvents, check: consumerCheck });

describe('governed-packet machines (model-based, xstate/graph)', () => {
  it('consumer: 100% states and transitions, no green run from a bad packet on any path', () => {
    expectFullCoverage(measureConsumer());
  });

  it('the path check catches consumer mutants', () => {
    expect(() => measureConsumer({ noAgeCheck: true, greenIgnoresHoldouts: true })).toThrow(/green run/);
    expect(() => measureConsumer({ skipAcceptance: true, noAgeCheck: true })).toThrow(/green run/);
  });

  it('header acceptance rejects each bad field: schema, source_mode, decision_effect, may_gate', () => {
    const ok = { schema: PACKET_RULES.schema, source_mode: 'offline-replay', decision_effect: 'advisory', may_gate: false, as_of: 1, items: [], manifest_hash: '' };
    expect(headerAcceptable(ok)).toBe(true);
    expect(headerAcceptable({ ...ok, decision_effect: 'gating', may_gate: true })).toBe(true);
    expect(headerAcceptable({ ...ok, schema: 'racelab.governed-packet/v0' })).toBe(false);
    expect(headerAcceptable({ ...ok, source_mode: 'live' })).toBe(false);
    expect(headerAcceptable({ ...ok, decision_effect: 'binding' })).toBe(false);
    expect(headerAcceptable({ ...ok, decision_effect: 'gating', may_gate: false })).toBe(false);
    expect(headerAcceptable({ ...ok, may_gate: 'yes' as unknown as boolean })).toBe(false);
  });

  it('producer: 100% states and transitions', () => {
    const events = (): EventObject[] => [
      { type: 'STALE_ITEM' }, { type: 'STRIP_SOURCE' }, { type: 'ESCALATE' }, { type: 'OLD_SCHEMA' }, { type: 'LIVE_SOURCE' },
      delivered('consumer', { type: 'PULL', packet: 'p1' }), delivered('consumer', { type: 'PULL', packet: 'p1' }, true),
    ];
    expectFullCoverage(measureCoverage(producerMachine(), { events }));
  });
});
