// Fail-closed decision contract (our reading of the QSP product contract): a decider asks a
// prover for four kinds of evidence (integrity, execution, identity, time) over the faulty
// transport, decides accept / pending / reject, keeps a public status consistent with the
// decision, and issues a contract carrying a SHA-256 that the consumer verifies before adopting
// it. Owns: the prover, decider and consumer machines and their mutants. Fail-closed rules:
// accept only when all four kinds arrived intact, fresh (answering this round's nonce) and
// passing; tampered evidence (digest mismatch) or a failing score rejects; missing or stale
// evidence leaves the decision pending when the collection window closes. Ghost state (every
// evidence received, with its integrity and freshness) sits in context for the oracles.
import { assign, setup } from 'xstate';
import canonicalizeImport from 'canonicalize';
import { createHash } from 'node:crypto';
import { integrityOk, netSend } from '../sim/conventions.js';

/** The evidence kinds a decision needs. */
export const EVIDENCE_KINDS = Object.freeze(['integrity', 'execution', 'identity', 'time'] as const);

/** Contract parameters: virtual ms and the passing score. */
export const DECISION_RULES = Object.freeze({ windowMs: 100, passScore: 90, round: 'r1', staleRound: 'r0', goodScore: 95 });

/** Decisions and the public status each one must show. */
export const STATUS_OF = Object.freeze({ accept: 'approved', pending: 'under-review', reject: 'denied' } as const);
export type Decision = keyof typeof STATUS_OF;

const canonicalize = canonicalizeImport as unknown as (v: unknown) => string;

/** SHA-256 (hex) of the canonical JSON of a contract's payload. */
export function contractSha256(payload: { decision: string; status: string; subject: string }): string {
  return createHash('sha256').update(canonicalize({ decision: payload.decision, status: payload.status, subject: payload.subject }), 'utf8').digest('hex');
}

type Ev = { type: string; $from?: string; $digest?: string; [k: string]: unknown };
const intact = (e: Ev): boolean => integrityOk(e as never);

/** One evidence message as the decider received it (ghost state). */
export interface EvidenceRecord {
  kind: string;
  nonce: string;
  score: number;
  intact: boolean;
  fresh: boolean;
  counted: boolean;
}

export interface DeciderCtx {
  subject: string;
  decision: Decision;
  status: string;
  counted: Record<string, EvidenceRecord>;
  log: EvidenceRecord[];
}

/** Decider mutants. */
export interface DeciderOptions {
  /** `skip-freshness`: evidence answering an old round is counted. */
  readonly skipFreshness?: boolean;
  /** `skip-integrity`: tampered evidence is counted like intact evidence. */
  readonly skipIntegrity?: boolean;
  /** `accept-on-window`: when the window closes with nothing failing, accept (missing treated as pass). */
  readonly acceptOnWindow?: boolean;
  /** `status-early`: the public status turns approved as soon as every kind has arrived, before the decision. */
  readonly statusEarly?: boolean;
  /** `no-window`: the collection window is never closed. */
  readonly noWindow?: boolean;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : -1);

/** The decider: collects evidence for one round, decides, publishes status and the contract. */
export function deciderMachine(opts: DeciderOptions = {}) {
  const mutant = Object.entries(opts).filter(([, v]) => v).map(([k]) => k).join('.');
  const recordOf = (event: Ev): EvidenceRecord => {
    const ok = intact(event);
    const fresh = event.nonce === DECISION_RULES.round;
    const known = (EVIDENCE_KINDS as readonly string[]).includes(String(event.kind));
    const counted = known && (ok || opts.skipIntegrity === true) && (fresh || opts.skipFreshness === true);
    return { kind: String(event.kind), nonce: String(event.nonce), score: num(event.score), intact: ok, fresh, counted };
  };
  const after = (ctx: DeciderCtx, event: Ev): Record<string, EvidenceRecord> => {
    const r = recordOf(event);
    return r.counted ? { ...ctx.counted, [r.kind]: r } : ctx.counted;
  };
  const decide = (decision: Decision) => assign(({ context, event }: { context: DeciderCtx; event: Ev }) => {
    const r = event.type === 'EVIDENCE' ? recordOf(event) : null;
    return {
      decision,
      status: STATUS_OF[decision],
      counted: r ? after(context, event) : context.counted,
      log: r ? [...context.log, r] : context.log,
    };
  }) as never;
  const publish = netSend('consumer', ({ context }: { context: DeciderCtx }) => ({
    type: 'CONTRACT', decision: context.decision, status: context.status, subject: context.subject,
    sha256: contractSha256(context),
  }));
  return setup({
    types: { context: {} as DeciderCtx, events: {} as Ev, input: {} as { subject: string } },
    guards: {
      tampered: ({ event }) => !intact(event) && opts.skipIntegrity !== true,
      failing: ({ event }) => {
        const r = recordOf(event);
        return r.counted && r.score < DECISION_RULES.passScore;
      },
      complete: ({ context, event }) => {
        const c = after(context, event);
        return EVIDENCE_KINDS.every((k) => c[k] !== undefined && c[k].score >= DECISION_RULES.passScore);
      },
      nothingFailed: ({ context }) => Object.values(context.counted).every((r) => r.score >= DECISION_RULES.passScore),
      allArrived: ({ context, event }) => {
        const kinds = new Set([...context.log.map((r) => r.kind), String(event.kind)]);
        return EVIDENCE_KINDS.every((k) => kinds.has(k));
      },
    },
    delays: { windowMs: DECISION_RULES.windowMs },
  }).createMachine({
    id: mutant ? `decider.${mutant}` : 'decider',
    context: ({ input }) => ({ subject: input.subject, decision: 'pending', status: STATUS_OF.pending, counted: {}, log: [] }),
    initial: 'collecting',
    states: {
      collecting: {
        entry: netSend('prover', () => ({ type: 'REQUEST', nonce: DECISION_RULES.round })),
        on: {
          EVIDENCE: [
            { guard: 'tampered', target: 'rejected', actions: decide('reject') },
            { guard: 'failing', target: 'rejected', actions: decide('reject') },
            { guard: 'complete', target: 'accepted', actions: decide('accept') },
            ...(opts.statusEarly ? [{ guard: 'allArrived', actions: [decide('pending'), assign({ status: STATUS_OF.accept })] } as never] : []),
            { actions: decide('pending') },
          ],
        },
        after: opts.noWindow ? {} : {
          windowMs: opts.acceptOnWindow
            ? [{ guard: 'nothingFailed', target: 'accepted', actions: decide('accept') }, { target: 'pending', actions: decide('pending') }]
            : { target: 'pending', actions: decide('pending') },
        },
      },
      accepted: { type: 'final', entry: publish },
      rejected: { type: 'final', entry: publish },
      pending: { type: 'final', entry: publish },
    },
  });
}

interface ProverCtx {
  answered: boolean;
}

/** The prover: a stale cached `time` evidence goes out at start; a REQUEST gets all four kinds for its nonce. */
export function proverMachine() {
  const evidence = (kind: string, nonce: string) => netSend('decider', () => ({ type: 'EVIDENCE', kind, nonce, score: DECISION_RULES.goodScore }));
  return setup({
    types: { context: {} as ProverCtx, events: {} as Ev },
    guards: { request: ({ event }) => intact(event) && event.$from === 'decider' && event.nonce === DECISION_RULES.round },
  }).createMachine({
    id: 'prover',
    context: { answered: false },
    initial: 'ready',
    entry: evidence('time', DECISION_RULES.staleRound),
    states: {
      ready: {
        on: { REQUEST: { guard: 'request', target: 'answered', actions: EVIDENCE_KINDS.map((k) => evidence(k, DECISION_RULES.round)) } },
      },
      answered: { type: 'final', entry: assign({ answered: true }) },
    },
  });
}

export interface ConsumerCtx {
  adopted: { decision: string; status: string } | null;
  refused: string | null;
}

/** Consumer mutants. */
export interface ConsumerOptions {
  /** `consumer-skips-sha`: the contract is adopted without verifying its SHA-256. */
  readonly skipSha?: boolean;
}

/** The consumer: adopts a contract only when its SHA-256 verifies and its status matches its decision. */
export function contractConsumerMachine(opts: ConsumerOptions = {}) {
  const verified = (e: Ev): boolean => {
    const decision = String(e.decision);
    const status = String(e.status);
    return e.sha256 === contractSha256({ decision, status, subject: String(e.subject) })
      && (STATUS_OF as Record<string, string>)[decision] === status;
  };
  return setup({
    types: { context: {} as ConsumerCtx, events: {} as Ev },
    guards: { verified: ({ event }) => opts.skipSha === true || verified(event) },
  }).createMachine({
    id: opts.skipSha ? 'contract-consumer.skip-sha' : 'contract-consumer',
    context: { adopted: null, refused: null },
    initial: 'waiting',
    states: {
      waiting: {
        on: {
          CONTRACT: [
            { guard: 'verified', target: 'adopted', actions: assign({ adopted: ({ event }) => ({ decision: String(event.decision), status: String(event.status) }) }) },
            { target: 'refused', actions: assign({ refused: ({ event }) => `contract for '${String(event.decision)}' failed verification` }) },
          ],
        },
      },
      adopted: { type: 'final' },
      refused: { type: 'final' },
    },
  });
}
