// Scenario `governed-packet`: offline governed-packet consumption (scope 7 of issue 4).
// Goal: whatever the schedule, transport faults (loss, duplication, reordering, corruption) and
// upstream data faults injected into the producer (a stale item, an item stripped of its source
// metadata, a packet escalated to `gating` without `may_gate`, an old schema, a live source mode),
// the consumer accepts only
// well-formed packets, gives every item the verdict the contract prescribes, and never reports a
// green run from a tampered, stale or unprovenanced packet.
// Our reading of the offline packet consumption contract (the spec is not available here):
// acceptance = known schema, source_mode in {offline-snapshot, offline-replay}, decision_effect in
// {advisory, gating}, boolean may_gate, and gating only with may_gate; item verdict precedence is
// blocked (content hash, listed hash or manifest hash mismatch) > held-out (no source) > stale
// (as_of - produced_at > maxAgeMs) > pass; a listed item that never arrives is `missing`; the run
// is rejected / blocked / green (all pass) / held (anything else), or incomplete without manifest.
// The oracles recompute every verdict from the raw packet the consumer kept, independently of the
// consumer's own code.
import { faultBudget } from '../sim/faults.js';
import type { WorldView } from '../sim/view.js';
import {
  itemHash, manifestHash, packetConsumerMachine, producerMachine, PACKET_RULES,
  type PacketConsumerCtx, type PacketManifest, type ItemVerdict,
} from '../models/governed-packet.js';
import type { Invariant, Scenario } from './types.js';

/** Reference acceptance check of a packet header. */
export function referenceAccepts(m: PacketManifest): string | null {
  if (m.schema !== PACKET_RULES.schema) return `unknown schema '${m.schema}'`;
  if (!PACKET_RULES.sourceModes.includes(m.source_mode)) return `source_mode '${m.source_mode}' is not an offline mode`;
  if (!PACKET_RULES.decisionEffects.includes(m.decision_effect)) return `unknown decision_effect '${m.decision_effect}'`;
  if (typeof m.may_gate !== 'boolean') return 'may_gate is not a boolean';
  if (m.decision_effect === 'gating' && !m.may_gate) return 'decision_effect gating without may_gate';
  return null;
}

/** Reference per-item verdicts computed from the raw packet. */
export function referenceVerdicts(c: PacketConsumerCtx): Record<string, ItemVerdict> {
  const m = c.manifest!;
  const manifestOk = manifestHash(m) === m.manifest_hash;
  const out: Record<string, ItemVerdict> = {};
  for (const listed of m.items) {
    const it = c.items.find((i) => i.id === listed.id);
    if (!it) { out[listed.id] = 'missing'; continue; }
    const tampered = !manifestOk || itemHash(it) !== it.content_hash || it.content_hash !== listed.content_hash;
    out[listed.id] = tampered ? 'blocked' : it.source === null ? 'held-out' : m.as_of - it.produced_at > PACKET_RULES.maxAgeMs ? 'stale' : 'pass';
  }
  for (const it of c.items) if (!(it.id in out)) out[it.id] = 'blocked';
  return out;
}

function consumer(v: WorldView): { concluded: boolean; ctx: PacketConsumerCtx; state: string } {
  const a = v.actor('consumer');
  return { concluded: a.state === 'concluded', ctx: a.context as PacketConsumerCtx, state: a.state };
}

const invariants: Invariant[] = [
  {
    id: 'packet-acceptance',
    description: 'a packet is accepted only when schema, source_mode, decision_effect and may_gate pass the acceptance checks',
    reads: ['consumer'],
    check(v) {
      const c = consumer(v);
      if (!c.concluded || c.ctx.accepted !== true || !c.ctx.manifest) return null;
      const why = referenceAccepts(c.ctx.manifest);
      return why ? `consumer accepted a packet that fails acceptance: ${why}` : null;
    },
  },
  {
    id: 'item-verdicts',
    description: 'every item gets the prescribed verdict: blocked on hash mismatch, held-out without source, stale beyond max age',
    reads: ['consumer'],
    check(v) {
      const c = consumer(v);
      if (!c.concluded || !c.ctx.manifest || c.ctx.accepted !== true) return null;
      const want = referenceVerdicts(c.ctx);
      for (const id of Object.keys(want).sort()) {
        if (c.ctx.verdicts[id] !== want[id]) return `item '${id}' got verdict '${c.ctx.verdicts[id] ?? 'none'}', the contract prescribes '${want[id]}'`;
      }
      return null;
    },
  },
  {
    id: 'no-green-from-bad',
    description: 'a green run only from an accepted, untampered packet whose every listed item is provenanced, fresh and present',
    reads: ['consumer'],
    check(v) {
      const c = consumer(v);
      if (c.ctx.run !== 'green') return null;
      if (!c.ctx.manifest) return 'green run without a manifest';
      const why = referenceAccepts(c.ctx.manifest);
      if (why) return `green run from a packet that fails acceptance: ${why}`;
      const bad = Object.entries(referenceVerdicts(c.ctx)).filter(([, x]) => x !== 'pass');
      if (bad.length > 0 || c.ctx.manifest.items.length === 0) return `green run although items are ${bad.map(([id, x]) => `${id}=${x}`).join(', ') || 'absent'}`;
      return null;
    },
  },
];

const terminal: Invariant[] = [
  {
    id: 'run-concluded',
    description: 'when nothing more can happen, the consumer has concluded the run with a verdict',
    reads: ['consumer'],
    check(v) {
      const c = consumer(v);
      return c.concluded && c.ctx.run !== null ? null : `consumer still '${c.state}' with nothing left to happen`;
    },
  },
];

export const governedPacketScenario: Scenario = {
  id: 'governed-packet',
  title: 'Governed-packet consumption',
  goal: 'A consumer pulls a governed packet over a faulty transport; tampered, stale or unprovenanced items are blocked or held out, bad headers are rejected, and no path yields a green run from bad input.',
  version: 2,
  params: [],
  mutants: [
    { name: 'skip-acceptance', description: 'the consumer does not check the packet header', expect: 'packet-acceptance' },
    { name: 'no-age-check', description: 'stale items pass', expect: 'item-verdicts' },
    { name: 'ignore-missing-source', description: 'items without source metadata pass', expect: 'item-verdicts' },
    { name: 'skip-hash-check', description: "an item's content hash is not recomputed", expect: 'item-verdicts' },
    { name: 'skip-manifest-hash', description: 'the manifest hash is not verified', expect: 'item-verdicts' },
    { name: 'green-ignores-holdouts', description: 'the run is green whenever no item is blocked', expect: 'no-green-from-bad' },
    { name: 'no-collect-timeout', description: 'the consumer waits for missing messages forever', expect: 'run-concluded' },
  ],
  invariants,
  terminal,
  faults: { drop: 1, duplicate: 1, corrupt: 1, reorder: 1, inject: 1 },
  depthMax: 60,
  // dpor verifies the correct model here in about 1,700 executions; every mutant is found within it.
  stated: { params: {}, faults: { drop: 1, corrupt: 1, reorder: 1, inject: 1 }, executionsMax: 5000 },
  build({ mutant, faults }) {
    return {
      actors: [
        { id: 'producer', machine: producerMachine() },
        {
          id: 'consumer',
          machine: packetConsumerMachine({
            skipAcceptance: mutant === 'skip-acceptance',
            noAgeCheck: mutant === 'no-age-check',
            ignoreMissingSource: mutant === 'ignore-missing-source',
            skipHashCheck: mutant === 'skip-hash-check',
            skipManifestHash: mutant === 'skip-manifest-hash',
            greenIgnoresHoldouts: mutant === 'green-ignores-holdouts',
            noCollectTimeout: mutant === 'no-collect-timeout',
          }),
        },
      ],
      faults: faultBudget(faults),
      partitionMs: 100,
      injectables: [
        { actor: 'producer', event: { type: 'STALE_ITEM' } },
        { actor: 'producer', event: { type: 'STRIP_SOURCE' } },
        { actor: 'producer', event: { type: 'ESCALATE' } },
        { actor: 'producer', event: { type: 'OLD_SCHEMA' } },
        { actor: 'producer', event: { type: 'LIVE_SOURCE' } },
      ],
      crashable: [],
    };
  },
};
