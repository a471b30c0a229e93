// Governed-packet consumption (our reading of the offline packet consumption contract): a
// producer answers a consumer's PULL with a MANIFEST (packet header, as_of, the listed items with
// their content hashes, and a manifest hash) followed by one ITEM message per item. The consumer
// checks the packet header (schema, source_mode, decision_effect, may_gate), gives each item a
// verdict — held-out (source metadata missing), blocked (content hash or manifest mismatch),
// stale (older than maxAgeMs at as_of), missing (listed, never arrived) or pass — and a run
// verdict: green only when the packet is accepted and every listed item passes. Owns: the
// producer and consumer machines, the packet hashing and the consumer's mutants. Upstream data
// faults are injectable into the producer before it answers (stale item, stripped source,
// gating escalation, an old schema, a live source mode). The consumer keeps the raw packet it received (ghost state) for oracles.
import { assign, setup } from 'xstate';
import canonicalizeImport from 'canonicalize';
import { createHash } from 'node:crypto';
import { integrityOk, netSend } from '../sim/conventions.js';

/** Contract constants. Times are logical ms carried in the packet. */
export const PACKET_RULES = Object.freeze({
  schema: 'racelab.governed-packet/v1',
  sourceModes: Object.freeze(['offline-snapshot', 'offline-replay']),
  decisionEffects: Object.freeze(['advisory', 'gating']),
  maxAgeMs: 1000,
  asOf: 5000,
  collectMs: 200,
});

const canonicalize = canonicalizeImport as unknown as (v: unknown) => string;
const sha = (v: unknown): string => createHash('sha256').update(canonicalize(v), 'utf8').digest('hex');

/** An item as it travels: content plus provenance. `source` null means no source metadata. */
export interface PacketItem {
  id: string;
  content: string;
  source: string | null;
  produced_at: number;
  content_hash: string;
}

/** The packet header and manifest as it travels. */
export interface PacketManifest {
  schema: string;
  source_mode: string;
  decision_effect: string;
  may_gate: boolean;
  as_of: number;
  items: { id: string; content_hash: string }[];
  manifest_hash: string;
}

/** SHA-256 over an item's content and provenance. */
export function itemHash(i: { id: string; content: string; source: string | null; produced_at: number }): string {
  return sha({ id: i.id, content: i.content, source: i.source, produced_at: i.produced_at });
}

/** SHA-256 over a manifest without its own hash field. */
export function manifestHash(m: Omit<PacketManifest, 'manifest_hash'>): string {
  return sha({ schema: m.schema, source_mode: m.source_mode, decision_effect: m.decision_effect, may_gate: m.may_gate, as_of: m.as_of, items: m.items });
}

type Ev = { type: string; $from?: string; $digest?: string; [k: string]: unknown };

interface ProducerCtx {
  items: { id: string; content: string; source: string | null; produced_at: number }[];
  schema: string;
  source_mode: string;
  decision_effect: string;
  may_gate: boolean;
}

const FIXTURE: ProducerCtx = {
  items: [
    { id: 'a', content: 'latency p99 41ms', source: 'bench/run-17', produced_at: 4800 },
    { id: 'b', content: 'error rate 0.1%', source: 'bench/run-17', produced_at: 4850 },
  ],
  schema: PACKET_RULES.schema,
  source_mode: 'offline-snapshot',
  decision_effect: 'advisory',
  may_gate: false,
};

/** The producer: answers the first PULL with the manifest and its items. */
export function producerMachine() {
  const setItem = (id: string, patch: Partial<ProducerCtx['items'][number]>) =>
    assign({ items: ({ context }: { context: ProducerCtx }) => context.items.map((i) => (i.id === id ? { ...i, ...patch } : i)) }) as never;
  return setup({
    types: { context: {} as ProducerCtx, events: {} as Ev },
    guards: { pull: ({ event }) => integrityOk(event as never) && event.$from === 'consumer' },
  }).createMachine({
    id: 'packet-producer',
    context: FIXTURE,
    initial: 'ready',
    states: {
      ready: {
        on: {
          STALE_ITEM: { actions: setItem('b', { produced_at: PACKET_RULES.asOf - 2 * PACKET_RULES.maxAgeMs }) },
          STRIP_SOURCE: { actions: setItem('a', { source: null }) },
          ESCALATE: { actions: assign({ decision_effect: 'gating' }) },
          OLD_SCHEMA: { actions: assign({ schema: 'racelab.governed-packet/v0' }) },
          LIVE_SOURCE: { actions: assign({ source_mode: 'live' }) },
          PULL: {
            guard: 'pull',
            target: 'sent',
            actions: [
              netSend('consumer', ({ context }: { context: ProducerCtx }) => {
                const items = context.items.map((i) => ({ id: i.id, content_hash: itemHash(i) }));
                const head = { schema: context.schema, source_mode: context.source_mode, decision_effect: context.decision_effect, may_gate: context.may_gate, as_of: PACKET_RULES.asOf, items };
                return { type: 'MANIFEST', ...head, manifest_hash: manifestHash(head) };
              }),
              ...FIXTURE.items.map((_, k) => netSend('consumer', ({ context }: { context: ProducerCtx }) => {
                const i = context.items[k]!;
                return { type: 'ITEM', ...i, content_hash: itemHash(i) };
              })),
            ],
          },
        },
      },
      sent: { type: 'final' },
    },
  });
}

/** Per-item verdicts and run verdicts. */
export type ItemVerdict = 'pass' | 'held-out' | 'blocked' | 'stale' | 'missing';
export type RunVerdict = 'green' | 'held' | 'blocked' | 'rejected' | 'incomplete';

export interface PacketConsumerCtx {
  manifest: PacketManifest | null;
  items: PacketItem[];
  accepted: boolean | null;
  verdicts: Record<string, ItemVerdict>;
  run: RunVerdict | null;
}

/** Consumer mutants. */
export interface PacketConsumerOptions {
  /** `skip-acceptance`: the packet header is not checked. */
  readonly skipAcceptance?: boolean;
  /** `no-age-check`: stale items pass. */
  readonly noAgeCheck?: boolean;
  /** `ignore-missing-source`: items without source metadata pass. */
  readonly ignoreMissingSource?: boolean;
  /** `skip-hash-check`: an item's content hash is not recomputed. */
  readonly skipHashCheck?: boolean;
  /** `skip-manifest-hash`: the manifest hash is not verified. */
  readonly skipManifestHash?: boolean;
  /** `green-ignores-holdouts`: the run is green when no item is blocked. */
  readonly greenIgnoresHoldouts?: boolean;
  /** `no-collect-timeout`: the consumer waits for missing messages forever. */
  readonly noCollectTimeout?: boolean;
}

/** True when the packet header passes the acceptance checks. */
export function headerAcceptable(m: PacketManifest): boolean {
  return m.schema === PACKET_RULES.schema
    && PACKET_RULES.sourceModes.includes(m.source_mode)
    && PACKET_RULES.decisionEffects.includes(m.decision_effect)
    && typeof m.may_gate === 'boolean'
    && (m.decision_effect !== 'gating' || m.may_gate);
}

function conclude(ctx: PacketConsumerCtx, o: PacketConsumerOptions): Partial<PacketConsumerCtx> {
  const m = ctx.manifest;
  if (!m) return { accepted: null, verdicts: {}, run: 'incomplete' };
  const accepted = o.skipAcceptance === true || headerAcceptable(m);
  const manifestOk = o.skipManifestHash === true || m.manifest_hash === manifestHash(m);
  const verdicts: Record<string, ItemVerdict> = {};
  for (const listed of m.items) {
    const it = ctx.items.find((i) => i.id === listed.id);
    if (!it) verdicts[listed.id] = 'missing';
    else if (!manifestOk || it.content_hash !== listed.content_hash || (o.skipHashCheck !== true && itemHash(it) !== it.content_hash)) verdicts[listed.id] = 'blocked';
    else if (it.source === null && o.ignoreMissingSource !== true) verdicts[listed.id] = 'held-out';
    else if (m.as_of - it.produced_at > PACKET_RULES.maxAgeMs && o.noAgeCheck !== true) verdicts[listed.id] = 'stale';
    else verdicts[listed.id] = 'pass';
  }
  for (const it of ctx.items) if (!(it.id in verdicts)) verdicts[it.id] = 'blocked';
  const vs = Object.values(verdicts);
  const run: RunVerdict = !accepted ? 'rejected'
    : vs.includes('blocked') ? 'blocked'
    : o.greenIgnoresHoldouts === true ? 'green'
    : vs.length > 0 && vs.every((v) => v === 'pass') ? 'green' : 'held';
  return { accepted, verdicts, run };
}

/** The consumer: pulls the packet, collects manifest and items, and concludes. */
export function packetConsumerMachine(opts: PacketConsumerOptions = {}) {
  const mutant = Object.entries(opts).filter(([, v]) => v).map(([k]) => k).join('.');
  const keep = (event: Ev): PacketItem => ({
    id: String(event.id), content: String(event.content), source: typeof event.source === 'string' ? event.source : null,
    produced_at: typeof event.produced_at === 'number' ? event.produced_at : -1, content_hash: String(event.content_hash),
  });
  const keepManifest = (event: Ev): PacketManifest => ({
    schema: String(event.schema), source_mode: String(event.source_mode), decision_effect: String(event.decision_effect),
    may_gate: event.may_gate as boolean,
    as_of: typeof event.as_of === 'number' ? event.as_of : -1,
    items: Array.isArray(event.items) ? (event.items as { id: string; content_hash: string }[]) : [],
    manifest_hash: String(event.manifest_hash),
  });
  const complete = (m: PacketManifest | null, items: readonly PacketItem[]): boolean =>
    m !== null && m.items.every((l) => items.some((i) => i.id === l.id));
  const fromProducer = (e: Ev): boolean => e.$from === 'producer';
  return setup({
    types: { context: {} as PacketConsumerCtx, events: {} as Ev },
    guards: {
      manifestCompletes: ({ context, event }) => fromProducer(event) && context.manifest === null && complete(keepManifest(event), context.items),
      manifestFirst: ({ context, event }) => fromProducer(event) && context.manifest === null,
      itemCompletes: ({ context, event }) => fromProducer(event) && !context.items.some((i) => i.id === String(event.id)) && complete(context.manifest, [...context.items, keep(event)]),
      itemNew: ({ context, event }) => fromProducer(event) && !context.items.some((i) => i.id === String(event.id)),
    },
    delays: { collectMs: PACKET_RULES.collectMs },
  }).createMachine({
    id: mutant ? `packet-consumer.${mutant}` : 'packet-consumer',
    context: { manifest: null, items: [], accepted: null, verdicts: {}, run: null },
    initial: 'collecting',
    states: {
      collecting: {
        entry: netSend('producer', () => ({ type: 'PULL', packet: 'p1' })),
        on: {
          MANIFEST: [
            { guard: 'manifestCompletes', target: 'concluded', actions: assign({ manifest: ({ event }) => keepManifest(event) }) },
            { guard: 'manifestFirst', actions: assign({ manifest: ({ event }) => keepManifest(event) }) },
          ],
          ITEM: [
            { guard: 'itemCompletes', target: 'concluded', actions: assign({ items: ({ context, event }) => [...context.items, keep(event)] }) },
            { guard: 'itemNew', actions: assign({ items: ({ context, event }) => [...context.items, keep(event)] }) },
          ],
        },
        after: opts.noCollectTimeout ? {} : { collectMs: 'concluded' },
      },
      concluded: {
        type: 'final',
        entry: assign(({ context }) => conclude(context, opts)),
      },
    },
  });
}
