// Epoch transition barrier: a coordinator moves a group of participants from epoch N to N+1.
// Owns: the coordinator (accepts a PROPOSE only when no barrier is active and the target is
// current+1; sends PREPARE; commits only after a drain ACK from every participant — acks with a
// wrong barrier id, from an unknown sender or duplicated are rejected; aborts on timeout or
// CANCEL; resends COMMIT/ABORT until every participant confirms, or at most resendsMax times),
// the participants (drain on PREPARE, ACK, adopt N+1 only on COMMIT, retransmit their last ACK on
// an injected REACK; accept a request only while serving, only when all its parts carry the same
// epoch, never from the future, never older than the lookback window), an operator that proposes
// and a client that sends requests (both fire-and-forget: answers are recorded, not sent back).
// Ghost state (commit records with their acks, epoch histories, the epoch committed to each
// participant, accepted and refused requests) lets invariants read the history.
import { assign, enqueueActions, setup } from 'xstate';
import { integrityOk, netSend } from '../sim/conventions.js';

/** Timing and sizes of the epoch barrier, in virtual ms / epochs. */
export const EPOCH_TIMING = Object.freeze({
  barrierTimeoutMs: 60,
  drainMs: 10,
  stallMs: 100,
  retryMs: 30,
  reproposeAtMs: 150,
  secondRequestAtMs: 15,
  lookbackEpochs: 1,
  startEpoch: 5,
});

type Ev = { type: string; $from?: string; $digest?: string; [k: string]: unknown };
const intact = (e: Ev): boolean => integrityOk(e as never);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : -1);
const mutantId = (base: string, opts: object): string => [base, ...Object.entries(opts).filter(([, v]) => v === true).map(([k]) => k)].join('+');

/** Coordinator mutants. */
export interface CoordinatorOptions {
  /** `no-propose-guard`: any PROPOSE starts a barrier, whatever its target. */
  readonly noProposeGuard?: boolean;
  /** `commit-on-first-ack`: commit as soon as one participant acked. */
  readonly commitOnFirstAck?: boolean;
  /** `accept-duplicate-ack`: a repeated ack counts again. */
  readonly acceptDuplicateAck?: boolean;
  /** `accept-unknown-ack`: an ack from a non-participant counts. */
  readonly acceptUnknownAck?: boolean;
  /** `accept-stale-ack`: an ack for another barrier id counts. */
  readonly acceptStaleAck?: boolean;
  /** `abort-without-broadcast`: abort returns to stable without telling participants. */
  readonly abortWithoutBroadcast?: boolean;
  /**
   * Not a mutant: resends of COMMIT/ABORT per outcome before the coordinator stops resending and
   * only waits for the missing DONEs (undefined: resend every retryMs until all confirm).
   */
  readonly resendsMax?: number;
}

/** One received ack, as recorded with a commit (ghost). */
export interface AckRecord {
  from: string;
  barrier: string;
}

/** Coordinator context. */
export interface CoordinatorCtx {
  epoch: number;
  participants: string[];
  barrier: string | null;
  target: number;
  attempt: number;
  acks: AckRecord[];
  pending: string[];
  /** COMMIT/ABORT resends so far in the current outcome. */
  resends: number;
  history: number[];
  commits: { barrier: string; target: number; acks: AckRecord[] }[];
  /** Every accepted proposal: its target, the epoch then, and whether a barrier was active (ghost). */
  proposals: { target: number; epoch: number; during: boolean }[];
  /** Every refused proposal with the reason (ghost; the operator is not told). */
  refused: { target: number; code: string }[];
}

/** Coordinator of the epoch barrier. */
export function coordinatorMachine(opts: CoordinatorOptions = {}) {
  const toPending = (type: string): never => enqueueActions(({ context, enqueue }: { context: CoordinatorCtx; enqueue: (a: never) => void }) => {
    for (const p of context.pending) enqueue(netSend(p, () => ({ type, barrier: context.barrier ?? '', epoch: context.epoch, target: context.target })));
  }) as never;
  const addAck = assign({ acks: ({ context, event }: { context: CoordinatorCtx; event: Ev }) => [...context.acks, { from: str(event.$from), barrier: str(event.barrier) }] }) as never;
  // The operator is a fire-and-forget driver: answers are recorded (ghost), not sent back.
  const refuse = (code: string): never => assign({ refused: ({ context, event }: { context: CoordinatorCtx; event: Ev }) => [...context.refused, { target: int(event.target), code }] }) as never;
  const validAck = (c: CoordinatorCtx, e: Ev): boolean =>
    intact(e) &&
    (opts.acceptStaleAck === true || e.barrier === c.barrier) &&
    (opts.acceptUnknownAck === true || c.participants.includes(str(e.$from))) &&
    (opts.acceptDuplicateAck === true || !c.acks.some((a) => a.from === e.$from));
  const startBarrier = assign(({ context, event }: { context: CoordinatorCtx; event: Ev }) => ({
    target: int(event.target), attempt: context.attempt + 1, barrier: `b${int(event.target)}.${context.attempt + 1}`,
    proposals: [...context.proposals, { target: int(event.target), epoch: context.epoch, during: context.barrier !== null }],
  })) as never;
  const needed = (c: CoordinatorCtx): number => (opts.commitOnFirstAck === true ? 1 : c.participants.length);
  const resendsMax = opts.resendsMax;
  /**
   * The resend loop of committing/aborting: every retryMs resend `type` to the pending
   * participants; with resendsMax, after that many resends only wait (no timer is left).
   */
  const resendLoop = (type: string) => {
    const resend = toPending(type);
    const count = assign({ resends: ({ context }: { context: CoordinatorCtx }) => context.resends + 1 });
    const waiting = resendsMax === undefined
      ? { after: { retryMs: { target: 'waiting', reenter: true, actions: resend } } }
      : resendsMax === 0
        ? {}
        : { after: { retryMs: [{ guard: 'moreResends', target: 'waiting', reenter: true, actions: [count, resend] }, { target: 'resendsSpent', actions: [count, resend] }] } };
    const states = resendsMax === undefined || resendsMax === 0 ? { waiting } : { waiting, resendsSpent: {} };
    return { initial: 'waiting', states } as unknown as { initial: 'waiting'; states: Record<string, never> };
  };
  return setup({
    types: { context: {} as CoordinatorCtx, events: {} as Ev, input: {} as { participants: string[]; epoch: number } },
    guards: {
      canPropose: ({ context, event }) => intact(event) && (opts.noProposeGuard === true || (context.barrier === null && int(event.target) === context.epoch + 1)),
      lastAck: ({ context, event }) => validAck(context, event) && context.acks.length + 1 >= needed(context),
      validAck: ({ context, event }) => validAck(context, event),
      lastDone: ({ context, event }) => intact(event) && event.barrier === context.barrier && context.pending.length === 1 && context.pending[0] === event.$from,
      done: ({ context, event }) => intact(event) && event.barrier === context.barrier && context.pending.includes(str(event.$from)),
      intact: ({ event }) => intact(event),
      moreResends: ({ context }) => context.resends + 1 < (resendsMax ?? Number.POSITIVE_INFINITY),
    },
    delays: EPOCH_TIMING as unknown as Record<string, number>,
  }).createMachine({
    id: mutantId('coordinator', opts),
    context: ({ input }) => ({
      epoch: input.epoch, participants: [...input.participants], barrier: null, target: input.epoch, attempt: 0,
      acks: [], pending: [], resends: 0, history: [input.epoch], commits: [], proposals: [], refused: [],
    }),
    initial: 'stable',
    states: {
      stable: {
        entry: assign({ barrier: null, acks: [], pending: [] }),
        on: {
          PROPOSE: [
            {
              guard: 'canPropose',
              target: 'preparing',
              actions: startBarrier,
            },
            { guard: 'intact', actions: refuse('E_BAD_TARGET') },
          ],
        },
      },
      preparing: {
        entry: [assign(({ context }) => ({ pending: [...context.participants] })), toPending('PREPARE')],
        on: {
          PROPOSE: opts.noProposeGuard === true
            ? { guard: 'canPropose', target: 'preparing', reenter: true, actions: [startBarrier, assign({ acks: [] })] }
            : { guard: 'intact', actions: refuse('E_BARRIER_ACTIVE') },
          ACK: [{ guard: 'lastAck', target: 'committing', actions: addAck }, { guard: 'validAck', actions: addAck }],
          CANCEL: 'aborting',
        },
        after: { barrierTimeoutMs: 'aborting' },
      },
      committing: {
        entry: [
          assign(({ context }) => ({
            epoch: context.target, history: [...context.history, context.target], pending: [...context.participants], resends: 0,
            commits: [...context.commits, { barrier: context.barrier ?? '', target: context.target, acks: context.acks }],
          })),
          toPending('COMMIT'),
        ],
        ...resendLoop('COMMIT'),
        on: {
          DONE: [{ guard: 'lastDone', target: 'stable' }, { guard: 'done', actions: assign({ pending: ({ context, event }) => context.pending.filter((p) => p !== event.$from) }) }],
        },
      },
      aborting: opts.abortWithoutBroadcast === true
        ? { after: { 0: 'stable' } }
        : {
            entry: [assign(({ context }) => ({ pending: [...context.participants], resends: 0 })), toPending('ABORT')],
            ...resendLoop('ABORT'),
            on: {
              DONE: [{ guard: 'lastDone', target: 'stable' }, { guard: 'done', actions: assign({ pending: ({ context, event }) => context.pending.filter((p) => p !== event.$from) }) }],
            },
          },
    },
  });
}

/** Participant mutants. */
export interface ParticipantOptions {
  /** `accept-mixed`: a request whose parts carry different epochs is accepted. */
  readonly acceptMixed?: boolean;
  /** `accept-future`: a request from a future epoch is accepted. */
  readonly acceptFuture?: boolean;
  /** `no-lookback`: a request older than the lookback window is accepted. */
  readonly noLookback?: boolean;
  /** `accept-while-draining`: requests are still accepted during a barrier. */
  readonly acceptWhileDraining?: boolean;
  /** `advance-on-prepare`: the participant adopts the target epoch on PREPARE. */
  readonly advanceOnPrepare?: boolean;
  /** `abort-rolls-back`: on ABORT the participant steps its epoch back. */
  readonly abortRollsBack?: boolean;
  /** Not a mutant: ack at once on PREPARE (no drain timer, so no stall either). */
  readonly instantDrain?: boolean;
}

/** One accepted request (ghost). */
export interface AcceptedRequest {
  id: string;
  epoch: number;
  parts: number[];
  at: number;
  phase: string;
}

/** Participant context. */
export interface ParticipantCtx {
  epoch: number;
  lookback: number;
  barrier: string | null;
  lastBarrier: string | null;
  /** Barriers this participant has seen committed or aborted; a late PREPARE for one is refused. */
  finished: string[];
  /** The barrier of the last ACK it sent (at start: the barrier that brought it to its start epoch); REACK resends it. */
  acked: string;
  /** Highest epoch a COMMIT it received announced, i.e. the coordinator had committed (ghost). */
  committedSeen: number;
  epochs: number[];
  accepted: AcceptedRequest[];
  /** Every refused request with its code (ghost; the client is a fire-and-forget driver and is not told). */
  rejected: { id: string; code: string }[];
}

/** A participant: serves requests of its epoch, drains and acks on PREPARE, adopts N+1 on COMMIT. */
export function participantMachine(opts: ParticipantOptions = {}) {
  type Req = { id: string; epoch: number; parts: number[] };
  const asReq = (v: unknown): Req => {
    const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
    return { id: str(o.id), epoch: int(o.epoch), parts: Array.isArray(o.parts) ? o.parts.map(int) : [] };
  };
  const admissible = (c: ParticipantCtx, r: Req, serving: boolean): string | null => {
    if (!serving && opts.acceptWhileDraining !== true) return 'E_BARRIER';
    if (opts.acceptMixed !== true && r.parts.some((p) => p !== r.epoch)) return 'E_MIXED_EPOCH';
    if (opts.acceptFuture !== true && r.epoch > c.epoch) return 'E_FUTURE_EPOCH';
    if (opts.noLookback !== true && r.epoch < c.epoch - c.lookback) return 'E_STALE_EPOCH';
    return null;
  };
  /** Judges a REQ (one request, or a `batch` of them, each on its own); a corrupted message is ignored. */
  const serve = (where: string): never => assign(({ context, event }: { context: ParticipantCtx; event: Ev }) => {
    if (!intact(event)) return {};
    let { accepted, rejected } = context;
    for (const r of Array.isArray(event.batch) ? event.batch.map(asReq) : [asReq(event)]) {
      const code = admissible(context, r, where === 'serving');
      if (code === null) accepted = [...accepted, { id: r.id, epoch: r.epoch, parts: r.parts, at: context.epoch, phase: where }];
      else rejected = [...rejected, { id: r.id, code }];
    }
    return { accepted, rejected };
  }) as never;
  const seeCommit = assign({ committedSeen: ({ context, event }: { context: ParticipantCtx; event: Ev }) => Math.max(context.committedSeen, int(event.epoch)) }) as never;
  const done = [
    assign({ finished: ({ context, event }: { context: ParticipantCtx; event: Ev }) => (context.finished.includes(str(event.barrier)) ? context.finished : [...context.finished, str(event.barrier)]) }),
    netSend(({ event }: { event: Ev }) => str(event.$from), ({ event }: { event: Ev }) => ({ type: 'DONE', barrier: str(event.barrier) })),
  ] as never[];
  const adopt = assign(({ context }: { context: ParticipantCtx }) => ({ epoch: context.epoch + 1, epochs: [...context.epochs, context.epoch + 1], lastBarrier: context.barrier, barrier: null })) as never;
  const abortBarrier = (opts.abortRollsBack === true
    ? assign(({ context }: { context: ParticipantCtx }) => ({ barrier: null, epoch: context.epoch - 1, epochs: [...context.epochs, context.epoch - 1] }))
    : assign({ barrier: null })) as never;
  const ack = [
    assign({ acked: ({ context }: { context: ParticipantCtx }) => context.barrier ?? '' }),
    netSend('coordinator', ({ context }: { context: ParticipantCtx }) => ({ type: 'ACK', barrier: context.barrier ?? '' })),
  ] as never[];
  const commit = [seeCommit, ...(opts.advanceOnPrepare === true ? done : [adopt, ...done])];
  /** Draining (drainMs, or stallMs after an injected STALL) before the ACK; absent with instantDrain. */
  const drainStates = (opts.instantDrain === true ? {} : {
    draining: {
      on: {
        REQ: { actions: serve('draining') },
        STALL: 'stalled',
        COMMIT: { guard: 'ours', target: 'serving', actions: commit },
        ABORT: { guard: 'oursAbort', target: 'serving', actions: [abortBarrier, ...done] },
      },
      after: { drainMs: { target: 'prepared', actions: ack } },
    },
    stalled: {
      on: {
        REQ: { actions: serve('draining') },
        COMMIT: { guard: 'ours', target: 'serving', actions: commit },
        ABORT: { guard: 'oursAbort', target: 'serving', actions: [abortBarrier, ...done] },
      },
      after: { stallMs: { target: 'prepared', actions: ack } },
    },
  }) as unknown as Record<string, never>;
  return setup({
    types: { context: {} as ParticipantCtx, events: {} as Ev, input: {} as { epoch: number; lookback: number } },
    guards: {
      prepare: ({ context, event }) => intact(event) && int(event.target) === context.epoch + 1 && !context.finished.includes(str(event.barrier)),
      ours: ({ context, event }) => intact(event) && event.barrier === context.barrier && int(event.epoch) === context.epoch + (opts.advanceOnPrepare === true ? 0 : 1),
      oursAbort: ({ context, event }) => intact(event) && event.barrier === context.barrier,
      intact: ({ event }) => intact(event),
    },
    delays: EPOCH_TIMING as unknown as Record<string, number>,
  }).createMachine({
    id: mutantId('participant', opts),
    context: ({ input }) => ({
      epoch: input.epoch, lookback: input.lookback, barrier: null, lastBarrier: null, finished: [], acked: `b${input.epoch}.1`,
      committedSeen: input.epoch, epochs: [input.epoch], accepted: [], rejected: [],
    }),
    initial: 'serving',
    // A retransmission (injected): the participant sends its last ACK again, stale or not.
    on: { REACK: { actions: netSend('coordinator', ({ context }: { context: ParticipantCtx }) => ({ type: 'ACK', barrier: context.acked })) as never } },
    states: {
      serving: {
        on: {
          REQ: { actions: serve('serving') },
          PREPARE: {
            guard: 'prepare',
            target: opts.instantDrain === true ? 'prepared' : 'draining',
            actions: [
              opts.advanceOnPrepare === true
                ? assign(({ context, event }) => ({ barrier: str(event.barrier), epoch: context.epoch + 1, epochs: [...context.epochs, context.epoch + 1] }))
                : assign({ barrier: ({ event }) => str(event.barrier) }),
              ...(opts.instantDrain === true ? ack : []),
            ],
          },
          COMMIT: { guard: 'intact', actions: [seeCommit, ...done] },
          ABORT: { guard: 'intact', actions: done },
        },
      },
      ...drainStates,
      prepared: {
        on: {
          REQ: { actions: serve('draining') },
          COMMIT: { guard: 'ours', target: 'serving', actions: commit },
          ABORT: { guard: 'oursAbort', target: 'serving', actions: [abortBarrier, ...done] },
        },
      },
    },
  });
}

/** Proposals the operator makes, in the order a smaller count drops them (see operatorMachine). */
export const EPOCH_PROPOSALS_MAX = 3;

/**
 * Operator: the first `proposals` (default all 3) of: epoch+1 and a gap (epoch+3) at once, then
 * epoch+1 again at reproposeAtMs (a retry after an abort).
 */
export function operatorMachine(opts: { proposals?: number } = {}) {
  const proposals = opts.proposals ?? EPOCH_PROPOSALS_MAX;
  const propose = (target: number): never => netSend('coordinator', () => ({ type: 'PROPOSE', target })) as never;
  const atOnce = [propose(EPOCH_TIMING.startEpoch + 1), propose(EPOCH_TIMING.startEpoch + 3)].slice(0, proposals);
  return setup({ types: { context: {} as { epoch: number }, input: {} as { epoch: number } }, delays: EPOCH_TIMING as unknown as Record<string, number> }).createMachine({
    id: `epoch-operator${proposals === EPOCH_PROPOSALS_MAX ? '' : `-${proposals}`}`,
    context: ({ input }) => ({ epoch: input.epoch }),
    initial: 'first',
    states: proposals < EPOCH_PROPOSALS_MAX
      ? { first: { type: 'final', entry: atOnce } }
      : {
          first: { entry: atOnce, after: { reproposeAtMs: 'again' } },
          again: { type: 'final', entry: propose(EPOCH_TIMING.startEpoch + 1) },
        },
  });
}

/** Requests the client sends, in the order a smaller count drops them (see epochClientMachine). */
export const EPOCH_REQUESTS_MAX = 5;

/**
 * Client: the first `requests` (default all 5) of: to p1 at once r1 good, r2 mixed, r3 future,
 * r4 too old (as separate messages, or with `batch` as one REQ carrying them all); r5 good to p2
 * a little later. Can forge an ack.
 */
export function epochClientMachine(opts: { requests?: number; batch?: boolean } = {}) {
  const requests = opts.requests ?? EPOCH_REQUESTS_MAX;
  const e = EPOCH_TIMING.startEpoch;
  const body = (id: string, epoch: number, parts: number[]) => ({ id, epoch, parts });
  const bodies = [body('r1', e, [e, e]), body('r2', e, [e, e - 1]), body('r3', e + 1, [e + 1, e + 1]), body('r4', e - 2, [e - 2, e - 2])].slice(0, requests);
  const atOnce = opts.batch === true
    ? (bodies.length > 0 ? [netSend('p1', () => ({ type: 'REQ', batch: bodies })) as never] : [])
    : bodies.map((b) => netSend('p1', () => ({ type: 'REQ', ...b })) as never);
  return setup({ delays: EPOCH_TIMING as unknown as Record<string, number> }).createMachine({
    id: `epoch-client${requests === EPOCH_REQUESTS_MAX ? '' : `-${requests}`}${opts.batch === true ? '-batch' : ''}`,
    initial: 'sending',
    // A misbehaving peer: FORGE_ACK (injected) makes the client ack the first barrier itself.
    on: { FORGE_ACK: { actions: netSend('coordinator', () => ({ type: 'ACK', barrier: `b${e + 1}.1` })) as never } },
    states: requests < EPOCH_REQUESTS_MAX
      ? { sending: { entry: atOnce } }
      : {
          sending: { entry: atOnce, after: { secondRequestAtMs: 'later' } },
          later: { entry: netSend('p2', () => ({ type: 'REQ', ...body('r5', e, [e, e]) })) as never },
        },
  });
}
