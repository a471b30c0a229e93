// Epoch transition barrier: a coordinator moves a group of participants from epoch N to N+1.
// Owns: the coordinator (accepts a PROPOSE only when no barrier is active and the target is
// current+1; sends PREPARE; commits only after a drain ACK from every participant — acks with a
// wrong barrier id, from an unknown sender or duplicated are rejected; aborts on timeout or
// CANCEL; retries COMMIT/ABORT until every participant confirms), the participants (drain on
// PREPARE, ACK, adopt N+1 only on COMMIT; accept a request only while serving, only when all its
// parts carry the same epoch, never from the future, never older than the lookback window), an
// operator that proposes, and a client that sends requests. Ghost state (commit records with their
// acks, epoch histories, accepted requests) lets invariants read the history.
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
  history: number[];
  commits: { barrier: string; target: number; acks: AckRecord[] }[];
  /** Every accepted proposal: its target, the epoch then, and whether a barrier was active (ghost). */
  proposals: { target: number; epoch: number; during: boolean }[];
}

/** Coordinator of the epoch barrier. */
export function coordinatorMachine(opts: CoordinatorOptions = {}) {
  const toPending = (type: string): never => enqueueActions(({ context, enqueue }: { context: CoordinatorCtx; enqueue: (a: never) => void }) => {
    for (const p of context.pending) enqueue(netSend(p, () => ({ type, barrier: context.barrier ?? '', epoch: context.epoch, target: context.target })));
  }) as never;
  const addAck = assign({ acks: ({ context, event }: { context: CoordinatorCtx; event: Ev }) => [...context.acks, { from: str(event.$from), barrier: str(event.barrier) }] }) as never;
  const replyTo = (type: string, code: string): never =>
    netSend(({ event }: { event: Ev }) => str(event.$from), ({ event }: { event: Ev }) => ({ type, target: int(event.target), code })) as never;
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
  return setup({
    types: { context: {} as CoordinatorCtx, events: {} as Ev, input: {} as { participants: string[]; epoch: number } },
    guards: {
      canPropose: ({ context, event }) => intact(event) && (opts.noProposeGuard === true || (context.barrier === null && int(event.target) === context.epoch + 1)),
      lastAck: ({ context, event }) => validAck(context, event) && context.acks.length + 1 >= needed(context),
      validAck: ({ context, event }) => validAck(context, event),
      lastDone: ({ context, event }) => intact(event) && event.barrier === context.barrier && context.pending.length === 1 && context.pending[0] === event.$from,
      done: ({ context, event }) => intact(event) && event.barrier === context.barrier && context.pending.includes(str(event.$from)),
      intact: ({ event }) => intact(event),
    },
    delays: EPOCH_TIMING as unknown as Record<string, number>,
  }).createMachine({
    id: mutantId('coordinator', opts),
    context: ({ input }) => ({
      epoch: input.epoch, participants: [...input.participants], barrier: null, target: input.epoch, attempt: 0,
      acks: [], pending: [], history: [input.epoch], commits: [], proposals: [],
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
              actions: [
                startBarrier,
                replyTo('PROPOSED', 'OK'),
              ],
            },
            { guard: 'intact', actions: replyTo('PROPOSE_REJECTED', 'E_BAD_TARGET') },
          ],
        },
      },
      preparing: {
        entry: [assign(({ context }) => ({ pending: [...context.participants] })), toPending('PREPARE')],
        on: {
          PROPOSE: opts.noProposeGuard === true
            ? { guard: 'canPropose', target: 'preparing', reenter: true, actions: [startBarrier, assign({ acks: [] })] }
            : { guard: 'intact', actions: replyTo('PROPOSE_REJECTED', 'E_BARRIER_ACTIVE') },
          ACK: [{ guard: 'lastAck', target: 'committing', actions: addAck }, { guard: 'validAck', actions: addAck }],
          CANCEL: 'aborting',
        },
        after: { barrierTimeoutMs: 'aborting' },
      },
      committing: {
        entry: [
          assign(({ context }) => ({
            epoch: context.target, history: [...context.history, context.target], pending: [...context.participants],
            commits: [...context.commits, { barrier: context.barrier ?? '', target: context.target, acks: context.acks }],
          })),
          toPending('COMMIT'),
        ],
        initial: 'waiting',
        states: { waiting: { after: { retryMs: { target: 'waiting', reenter: true, actions: toPending('COMMIT') } } } },
        on: {
          DONE: [{ guard: 'lastDone', target: 'stable' }, { guard: 'done', actions: assign({ pending: ({ context, event }) => context.pending.filter((p) => p !== event.$from) }) }],
        },
      },
      aborting: opts.abortWithoutBroadcast === true
        ? { after: { 0: 'stable' } }
        : {
            entry: [assign(({ context }) => ({ pending: [...context.participants] })), toPending('ABORT')],
            initial: 'waiting',
            states: { waiting: { after: { retryMs: { target: 'waiting', reenter: true, actions: toPending('ABORT') } } } },
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
  epochs: number[];
  accepted: AcceptedRequest[];
}

/** A participant: serves requests of its epoch, drains and acks on PREPARE, adopts N+1 on COMMIT. */
export function participantMachine(opts: ParticipantOptions = {}) {
  const parts = (e: Ev): number[] => (Array.isArray(e.parts) ? e.parts.map(int) : []);
  const admissible = (c: ParticipantCtx, e: Ev, serving: boolean): string | null => {
    const ep = int(e.epoch);
    if (!intact(e)) return 'E_INTEGRITY';
    if (!serving && opts.acceptWhileDraining !== true) return 'E_BARRIER';
    if (opts.acceptMixed !== true && parts(e).some((p) => p !== ep)) return 'E_MIXED_EPOCH';
    if (opts.acceptFuture !== true && ep > c.epoch) return 'E_FUTURE_EPOCH';
    if (opts.noLookback !== true && ep < c.epoch - c.lookback) return 'E_STALE_EPOCH';
    return null;
  };
  const serve = (where: string): never => enqueueActions(({ context, event, enqueue }: { context: ParticipantCtx; event: Ev; enqueue: ((a: never) => void) & { assign: (a: never) => void } }) => {
    const code = admissible(context, event, where === 'serving');
    const id = str(event.id);
    if (code === null) {
      enqueue(assign({ accepted: [...context.accepted, { id, epoch: int(event.epoch), parts: parts(event), at: context.epoch, phase: where }] }) as never);
      enqueue(netSend(str(event.$from), () => ({ type: 'OK', id })));
    } else if (code !== 'E_INTEGRITY') {
      enqueue(netSend(str(event.$from), () => ({ type: 'REJECTED', id, code })));
    }
  }) as never;
  const done = [
    assign({ finished: ({ context, event }: { context: ParticipantCtx; event: Ev }) => (context.finished.includes(str(event.barrier)) ? context.finished : [...context.finished, str(event.barrier)]) }),
    netSend(({ event }: { event: Ev }) => str(event.$from), ({ event }: { event: Ev }) => ({ type: 'DONE', barrier: str(event.barrier) })),
  ] as never[];
  const adopt = assign(({ context }: { context: ParticipantCtx }) => ({ epoch: context.epoch + 1, epochs: [...context.epochs, context.epoch + 1], lastBarrier: context.barrier, barrier: null })) as never;
  const abortBarrier = (opts.abortRollsBack === true
    ? assign(({ context }: { context: ParticipantCtx }) => ({ barrier: null, epoch: context.epoch - 1, epochs: [...context.epochs, context.epoch - 1] }))
    : assign({ barrier: null })) as never;
  const ack = netSend('coordinator', ({ context }: { context: ParticipantCtx }) => ({ type: 'ACK', barrier: context.barrier ?? '' })) as never;
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
    context: ({ input }) => ({ epoch: input.epoch, lookback: input.lookback, barrier: null, lastBarrier: null, finished: [], epochs: [input.epoch], accepted: [] }),
    initial: 'serving',
    states: {
      serving: {
        on: {
          REQ: { actions: serve('serving') },
          PREPARE: {
            guard: 'prepare',
            target: 'draining',
            actions: opts.advanceOnPrepare === true
              ? assign(({ context, event }) => ({ barrier: str(event.barrier), epoch: context.epoch + 1, epochs: [...context.epochs, context.epoch + 1] }))
              : assign({ barrier: ({ event }) => str(event.barrier) }),
          },
          COMMIT: { guard: 'intact', actions: done },
          ABORT: { guard: 'intact', actions: done },
        },
      },
      draining: {
        on: {
          REQ: { actions: serve('draining') },
          STALL: 'stalled',
          COMMIT: { guard: 'ours', target: 'serving', actions: opts.advanceOnPrepare === true ? done : [adopt, ...done] },
          ABORT: { guard: 'oursAbort', target: 'serving', actions: [abortBarrier, ...done] },
        },
        after: { drainMs: { target: 'prepared', actions: ack } },
      },
      stalled: {
        on: {
          REQ: { actions: serve('draining') },
          COMMIT: { guard: 'ours', target: 'serving', actions: opts.advanceOnPrepare === true ? done : [adopt, ...done] },
          ABORT: { guard: 'oursAbort', target: 'serving', actions: [abortBarrier, ...done] },
        },
        after: { stallMs: { target: 'prepared', actions: ack } },
      },
      prepared: {
        on: {
          REQ: { actions: serve('draining') },
          COMMIT: { guard: 'ours', target: 'serving', actions: opts.advanceOnPrepare === true ? done : [adopt, ...done] },
          ABORT: { guard: 'oursAbort', target: 'serving', actions: [abortBarrier, ...done] },
        },
      },
    },
  });
}

/** Operator: proposes epoch+1, then a gap (epoch+3), then epoch+1 again later (a retry after an abort). */
export function operatorMachine() {
  const propose = (target: number): never => netSend('coordinator', () => ({ type: 'PROPOSE', target })) as never;
  return setup({ types: { context: {} as { epoch: number }, input: {} as { epoch: number } }, delays: EPOCH_TIMING as unknown as Record<string, number> }).createMachine({
    id: 'epoch-operator',
    context: ({ input }) => ({ epoch: input.epoch }),
    initial: 'first',
    states: {
      first: {
        entry: [propose(EPOCH_TIMING.startEpoch + 1), propose(EPOCH_TIMING.startEpoch + 3)],
        after: { reproposeAtMs: 'again' },
      },
      again: { type: 'final', entry: propose(EPOCH_TIMING.startEpoch + 1) },
    },
  });
}

/** Client: requests to p1 at once (good, mixed, future, too old), one to p2 a little later; can forge an ack. */
export function epochClientMachine() {
  const e = EPOCH_TIMING.startEpoch;
  const req = (to: string, id: string, epoch: number, parts: number[]): never => netSend(to, () => ({ type: 'REQ', id, epoch, parts })) as never;
  return setup({ delays: EPOCH_TIMING as unknown as Record<string, number> }).createMachine({
    id: 'epoch-client',
    initial: 'sending',
    // A misbehaving peer: FORGE_ACK (injected) makes the client ack the first barrier itself.
    on: { FORGE_ACK: { actions: netSend('coordinator', () => ({ type: 'ACK', barrier: `b${e + 1}.1` })) as never } },
    states: {
      sending: {
        entry: [req('p1', 'r1', e, [e, e]), req('p1', 'r2', e, [e, e - 1]), req('p1', 'r3', e + 1, [e + 1, e + 1]), req('p1', 'r4', e - 2, [e - 2, e - 2])],
        after: { secondRequestAtMs: 'later' },
      },
      later: { entry: req('p2', 'r5', e, [e, e]) },
    },
  });
}
