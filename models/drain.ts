// Cancel → drain → finalize with two-phase obligations: a region (workflow) that reserves items
// on a ledger one at a time, works between reservations and commits them all at once; a ledger
// with all-or-nothing commit, idempotent abort, abort tombstones and reservation TTLs; a client
// that submits more work to a running region. A cancel walks idle|running → requested →
// draining → finalizing → completed: no new work after requested, abort outstanding obligations,
// cancel and join child regions; when the drain budget runs out, stop waiting for abort acks and
// record the timeout, but still join children (a child's own budget is shorter, so it closes).
// Ghost state (phase log, accepted work, outcome) lets invariants read the history. Mutants are
// factory options (DRAIN_MUTANTS in scenarios/drain.ts names the oracle each must violate).
// Bounding knobs (inputs; the scenario's defaults keep the unbounded protocol): every unanswered
// request is resent at most `resendsMax` times, then awaited without a timer; `awaitTimers` off
// takes the zero-delay await points (re-check, requested → draining, finalizing → completed) at
// once instead of at a 0 ms timer; the ledger's reservation TTL can be switched off.
import { assign, cancel, enqueueActions, raise, setup } from 'xstate';
import { integrityOk, netSend } from '../sim/conventions.js';

/** Timing of the drain protocol, in virtual ms. */
export const DRAIN_TIMING = Object.freeze({
  workMs: 50,
  stallMs: 150,
  replyTimeoutMs: 40,
  parentDrainBudgetMs: 100,
  childDrainBudgetMs: 50,
  retryMs: 30,
  reserveTtlMs: 200,
  submitAtMs: 60,
});

/** The cancel phases, in the only order a region may enter them. */
export const CANCEL_PHASES = Object.freeze(['requested', 'draining', 'finalizing', 'completed'] as const);

type Ev = { type: string; $from?: string; $digest?: string; [k: string]: unknown };
const intact = (e: Ev): boolean => integrityOk(e as never);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Region mutants. */
export interface RegionOptions {
  /** `skip-drain`: requested goes straight to finalizing. */
  readonly skipDrain?: boolean;
  /** `cancel-restarts`: a repeated cancel while draining re-enters requested. */
  readonly cancelRestarts?: boolean;
  /** `accept-after-cancel`: SUBMIT is still accepted while draining. */
  readonly acceptAfterCancel?: boolean;
  /** `forget-inflight-reserve`: drain aborts only reservations already acknowledged. */
  readonly forgetInflightReserve?: boolean;
  /** `orphan-child`: drain neither cancels nor waits for child regions. */
  readonly orphanChild?: boolean;
  /** `keep-budget-timer`: the drain-budget timer is not cancelled when draining ends. */
  readonly keepBudgetTimer?: boolean;
  /** `unbounded-drain`: no drain budget; draining waits forever for acknowledgements. */
  readonly unboundedDrain?: boolean;
}

/** Region input. */
export interface RegionInput {
  readonly txn: string;
  readonly items: readonly string[];
  readonly children: readonly string[];
  readonly parent: string | null;
  /** Start without waiting for START/JOIN (the root region). */
  readonly autoStart: boolean;
  /** Drain budget in virtual ms; a child's budget must be shorter than its parent's. */
  readonly drainBudgetMs: number;
  /**
   * Resends of one unanswered request (a RESERVE, the COMMIT, a round of JOIN or CANCEL to the
   * children) before the region stops resending and only waits for the answer.
   */
  readonly resendsMax: number;
  /** Take each zero-delay await point at a 0 ms virtual timer (a cancel may land before it). */
  readonly awaitTimers: boolean;
}

/** One accepted unit of work and the phase the region was in when it accepted it (ghost). */
export interface AcceptedWork {
  item: string;
  phase: string;
}

/** Region context. */
export interface RegionCtx {
  txn: string;
  parent: string | null;
  children: string[];
  items: string[];
  cursor: number;
  reserveSent: boolean;
  acked: string[];
  open: string[];
  accepted: AcceptedWork[];
  phases: string[];
  cancels: number;
  outcome: 'committed' | 'refused' | 'aborted' | null;
  abortAcked: boolean;
  timedOut: boolean;
  autoStart: boolean;
  drainBudgetMs: number;
  resendsMax: number;
  /** Resends of the request now awaited (reset when the region moves on to another request). */
  resends: number;
  awaitTimers: boolean;
}

const JOINING = 'region-joining';
/** Raise `type` at the next await point: a 0 ms virtual timer with id `id`, or at once when awaitTimers is off. */
const awaitPoint = (type: string, id: string): never =>
  enqueueActions(({ context, enqueue }: { context: RegionCtx; enqueue: { raise: (e: { type: string }, o?: { delay: number; id: string }) => void } }) => {
    if (context.awaitTimers) enqueue.raise({ type }, { delay: 0, id });
    else enqueue.raise({ type });
  }) as never;
/** Re-evaluate "drained"/"joined" at the next await point (a 0 ms virtual timer is cancelled on exit). */
const CHECK_SOON = awaitPoint('CHECK', 'check');
const closeChild = assign({ open: ({ context, event }: { context: RegionCtx; event: Ev }) => context.open.filter((c) => c !== event.$from) }) as never;
const phase = (name: string): never => assign(({ context }: { context: RegionCtx }) => ({ phases: [...context.phases, name] })) as never;
/** Moving on to a new request: its resends start from zero. */
const fresh = assign({ resends: 0 }) as never;
const resent = assign(({ context }: { context: RegionCtx }) => ({ resends: context.resends + 1 })) as never;
const nextItem = assign(({ context }: { context: RegionCtx }) => ({ cursor: context.cursor + 1, resends: 0 })) as never;
/** Schedule a RESEND in `ms` while resends are left (no timer at all once they are used up). */
const resendAfter = (ms: number, guard: 'mayResend' | 'childrenOpenMayResend' = 'mayResend'): never =>
  enqueueActions(({ check, enqueue }) => { if (check(guard as never)) enqueue(raise({ type: 'RESEND' }, { delay: ms, id: 'resend' })); }) as never;
const STOP_RESEND = cancel('resend') as never;

/** A region: reserve items one by one, work, commit all; cancel → drain → finalize. */
export function regionMachine(opts: RegionOptions = {}) {
  const sendReserve = netSend('ledger', ({ context }: { context: RegionCtx }) => ({ type: 'RESERVE', txn: context.txn, item: context.items[context.cursor] ?? '' }));
  const sendCommit = netSend('ledger', ({ context }: { context: RegionCtx }) => ({ type: 'COMMIT', txn: context.txn, items: context.items }));
  const toChildren = (type: string): never => enqueueActions(({ context, enqueue }: { context: RegionCtx; enqueue: (a: never) => void }) => {
    for (const c of context.open) enqueue(netSend(c, () => ({ type })));
  }) as never;
  const accept = (where: string): never[] => [
    assign(({ context, event }: { context: RegionCtx; event: Ev }) => ({ items: [...context.items, str(event.item)], accepted: [...context.accepted, { item: str(event.item), phase: where }] })),
    netSend(({ event }: { event: Ev }) => str(event.$from), ({ event }: { event: Ev }) => ({ type: 'ACCEPTED', item: str(event.item) })),
  ] as never[];
  const reject = (code: string) => netSend(({ event }: { event: Ev }) => str(event.$from), ({ event }: { event: Ev }) => ({ type: 'REJECTED', item: str(event.item), code }));
  const absorb: never = assign(({ context }: { context: RegionCtx }) => ({ cancels: context.cancels + 1 })) as never;
  const name = ['region', ...Object.entries(opts).filter(([, v]) => v === true).map(([k]) => k)].join('+');
  return setup({
    types: { context: {} as RegionCtx, events: {} as Ev, input: {} as RegionInput },
    guards: {
      reservedCurrent: ({ context, event }) => intact(event) && event.item === context.items[context.cursor],
      moreItems: ({ context }) => context.cursor + 1 < context.items.length,
      noItems: ({ context }) => context.items.length === 0,
      intact: ({ event }) => intact(event),
      drained: ({ context }) =>
        (context.abortAcked || context.timedOut || !context.reserveSent) && (opts.orphanChild === true || context.open.length === 0),
      newItem: ({ context, event }) => intact(event) && !context.items.includes(str(event.item)),
      joined: ({ context }) => context.open.length === 0,
      autoStart: ({ context }) => context.autoStart,
      mustAbort: ({ context }) => (opts.forgetInflightReserve === true ? context.acked.length > 0 : context.reserveSent),
      mayResend: ({ context }) => context.resends < context.resendsMax,
      childrenOpen: ({ context }) => context.open.length > 0,
      childrenOpenMayResend: ({ context }) => context.open.length > 0 && context.resends < context.resendsMax,
    },
    delays: DRAIN_TIMING as unknown as Record<string, number>,
  }).createMachine({
    id: name,
    context: ({ input }) => ({
      txn: input.txn, parent: input.parent, children: [...input.children], items: [...input.items], cursor: 0,
      reserveSent: false, acked: [], open: [...input.children], accepted: [], phases: [], cancels: 0,
      outcome: null, abortAcked: false, timedOut: false, autoStart: input.autoStart, drainBudgetMs: input.drainBudgetMs,
      resendsMax: input.resendsMax, resends: 0, awaitTimers: input.awaitTimers,
    }),
    initial: 'idle',
    on: {
      CLOSED: { guard: 'intact', actions: closeChild },
      SUBMIT: { actions: reject('E_CANCELLED') },
      CANCEL: { actions: absorb },
    },
    states: {
      idle: {
        on: {
          START: [{ guard: 'noItems', target: 'joining' }, { target: 'running' }],
          AUTOSTART: [{ guard: 'noItems', target: 'joining' }, { target: 'running' }],
          JOIN: [{ guard: 'noItems', target: 'joining' }, { target: 'running' }],
          CANCEL: { target: 'requested', actions: absorb },
        },
        entry: enqueueActions(({ check, enqueue }) => { if (check('autoStart')) enqueue(raise({ type: 'AUTOSTART' }, { delay: 0, id: 'autostart' })); }),
        exit: cancel('autostart'),
      },
      running: {
        entry: toChildren('START'),
        initial: 'reserving',
        on: {
          CANCEL: { target: 'requested', actions: absorb },
          SUBMIT: [{ guard: 'newItem', actions: accept('running') }, { guard: 'intact', actions: reject('E_DUPLICATE') }],
        },
        states: {
          reserving: {
            entry: [assign({ reserveSent: true }), sendReserve, resendAfter(DRAIN_TIMING.replyTimeoutMs)],
            exit: STOP_RESEND,
            on: {
              RESERVED: { guard: 'reservedCurrent', target: 'working', actions: assign({ acked: ({ context, event }) => [...context.acked, str(event.item)] }) },
              RESEND: { target: 'reserving', reenter: true, actions: resent },
            },
          },
          working: {
            on: { STALL: 'stalled' },
            after: { workMs: [{ guard: 'moreItems', target: 'reserving', actions: nextItem }, { target: 'committing', actions: fresh }] },
          },
          stalled: {
            after: { stallMs: [{ guard: 'moreItems', target: 'reserving', actions: nextItem }, { target: 'committing', actions: fresh }] },
          },
          committing: {
            entry: [sendCommit, resendAfter(DRAIN_TIMING.replyTimeoutMs)],
            exit: STOP_RESEND,
            on: {
              SUBMIT: { actions: reject('E_COMMITTING') },
              COMMITTED: { guard: 'intact', target: '#' + JOINING, actions: [assign({ outcome: 'committed' }), fresh] },
              COMMIT_REFUSED: { guard: 'intact', target: '#' + JOINING, actions: [assign({ outcome: 'refused' }), fresh] },
              RESEND: { target: 'committing', reenter: true, actions: resent },
            },
          },
        },
      },
      joining: {
        id: JOINING,
        entry: [toChildren('JOIN'), CHECK_SOON, resendAfter(DRAIN_TIMING.retryMs)],
        exit: [cancel('check'), STOP_RESEND],
        on: {
          CLOSED: { guard: 'intact', actions: [closeChild, CHECK_SOON] },
          CHECK: { guard: 'joined', target: 'completed' },
          CANCEL: { target: 'requested', actions: absorb },
          RESEND: { target: 'joining', reenter: true, actions: resent },
        },
      },
      requested: {
        entry: [phase('requested'), awaitPoint('DRAIN', 'drain-start')],
        exit: cancel('drain-start'),
        on: { DRAIN: opts.skipDrain === true ? 'finalizing' : 'draining' },
      },
      draining: {
        entry: [
          phase('draining'),
          fresh,
          enqueueActions(({ check, enqueue }) => {
            if (check('mustAbort')) enqueue(netSend('ledger', ({ context }: { context: RegionCtx }) => ({ type: 'ABORT', txn: context.txn })));
            else enqueue(assign({ reserveSent: false }));
          }),
          ...(opts.orphanChild === true ? [] : [toChildren('CANCEL')]),
          ...(opts.unboundedDrain === true ? [] : [raise({ type: 'DRAIN_TIMEOUT' }, { delay: ({ context }: { context: RegionCtx }) => context.drainBudgetMs, id: 'drain-budget' }) as never]),
          CHECK_SOON,
        ],
        exit: [cancel('check') as never, ...(opts.keepBudgetTimer === true ? [] : [cancel('drain-budget') as never])],
        on: {
          CLOSED: { guard: 'intact', actions: [closeChild, CHECK_SOON] },
          CHECK: { guard: 'drained', target: 'finalizing' },
          ABORTED: { guard: 'intact', actions: [assign({ abortAcked: true, outcome: ({ context, event }) => context.outcome ?? (event.state === 'committed' ? 'committed' : 'aborted') }), CHECK_SOON] },
          COMMITTED: { guard: 'intact', actions: assign({ outcome: 'committed' }) },
          COMMIT_REFUSED: { guard: 'intact', actions: assign({ outcome: ({ context }) => context.outcome ?? 'refused' }) },
          DRAIN_TIMEOUT: { actions: [assign({ timedOut: true }), CHECK_SOON] },
          SUBMIT: opts.acceptAfterCancel === true ? { guard: 'newItem', actions: accept('draining') } : { actions: reject('E_CANCELLED') },
          CANCEL: opts.cancelRestarts === true ? { target: 'requested', actions: absorb } : { actions: absorb },
        },
        initial: 'waiting',
        states: {
          waiting: opts.orphanChild === true
            ? {}
            : ({
                entry: resendAfter(DRAIN_TIMING.retryMs, 'childrenOpenMayResend'),
                exit: STOP_RESEND,
                on: { RESEND: { guard: 'childrenOpen', target: 'waiting', reenter: true, actions: [resent, toChildren('CANCEL')] } },
              } as never),
        },
      },
      finalizing: {
        entry: [phase('finalizing'), awaitPoint('FINALIZE', 'finalize')],
        exit: cancel('finalize'),
        on: { FINALIZE: { target: 'completed', actions: phase('completed') } },
      },
      completed: {
        entry: enqueueActions(({ context, enqueue }) => {
          if (context.parent !== null) enqueue(netSend(context.parent, () => ({ type: 'CLOSED' })));
        }),
        on: {
          JOIN: { actions: netSend(({ event }: { event: Ev }) => str(event.$from), () => ({ type: 'CLOSED' })) },
          CANCEL: { actions: [absorb, enqueueActions(({ event, enqueue }) => { if (typeof event.$from === 'string') enqueue(netSend(event.$from, () => ({ type: 'CLOSED' }))); })] },
        },
      },
    },
  });
}

/** Ledger mutants. */
export interface LedgerOptions {
  /** `partial-commit`: COMMIT commits whichever listed items are still reserved. */
  readonly partialCommit?: boolean;
  /** `abort-undoes-commit`: ABORT of a committed transaction releases its items. */
  readonly abortUndoesCommit?: boolean;
}

/** One ledger item: free, or reserved/committed by a transaction. */
export interface LedgerItem {
  state: 'free' | 'reserved' | 'committed';
  txn: string | null;
}

/** Ledger context. */
export interface LedgerCtx {
  items: Record<string, LedgerItem>;
  aborted: string[];
  committed: string[];
  /** Reservations expire after DRAIN_TIMING.reserveTtlMs (off: they never expire). */
  expire: boolean;
}

/** Ledger input. */
export interface LedgerInput {
  readonly items: readonly string[];
  /** Reservations expire (default true). */
  readonly expire?: boolean;
}

const FREE: LedgerItem = { state: 'free', txn: null };

function release(items: Record<string, LedgerItem>, txn: string, alsoCommitted: boolean): Record<string, LedgerItem> {
  const out: Record<string, LedgerItem> = {};
  for (const [k, v] of Object.entries(items)) {
    out[k] = v.txn === txn && (v.state === 'reserved' || alsoCommitted) ? FREE : v;
  }
  return out;
}

/** Ledger: two-phase reserve/commit with all-or-nothing commit, idempotent abort and reservation TTLs. */
export function ledgerMachine(opts: LedgerOptions = {}) {
  const name = ['ledger', ...Object.entries(opts).filter(([, v]) => v === true).map(([k]) => k)].join('+');
  const reply = (type: string, extra: (e: Ev, c: LedgerCtx) => Record<string, string>) =>
    netSend(({ event }: { event: Ev }) => str(event.$from), ({ event, context }: { event: Ev; context: LedgerCtx }) => ({ type, txn: str(event.txn), ...extra(event, context) }));
  const listed = (e: Ev): string[] => (Array.isArray(e.items) ? e.items.map(str) : []);
  const itemOf = (c: LedgerCtx, k: string): LedgerItem => c.items[k] ?? FREE;
  return setup({
    types: { context: {} as LedgerCtx, events: {} as Ev, input: {} as LedgerInput },
    guards: {
      finished: ({ context, event }) => intact(event) && (context.aborted.includes(str(event.txn)) || context.committed.includes(str(event.txn))),
      reservable: ({ context, event }) => {
        const it = itemOf(context, str(event.item));
        return intact(event) && (it.state === 'free' || (it.state === 'reserved' && it.txn === event.txn));
      },
      alreadyCommitted: ({ context, event }) => intact(event) && context.committed.includes(str(event.txn)),
      wholeCommit: ({ context, event }) => {
        const items = listed(event);
        if (!intact(event) || items.length === 0) return false;
        if (opts.partialCommit === true) return items.some((k) => itemOf(context, k).state === 'reserved' && itemOf(context, k).txn === event.txn);
        return items.every((k) => itemOf(context, k).state === 'reserved' && itemOf(context, k).txn === event.txn);
      },
      intact: ({ event }) => intact(event),
      expires: ({ context, event }) => itemOf(context, str(event.item)).state === 'reserved' && itemOf(context, str(event.item)).txn === event.txn,
    },
  }).createMachine({
    id: name,
    context: ({ input }) => ({ items: Object.fromEntries(input.items.map((k) => [k, FREE])), aborted: [], committed: [], expire: input.expire !== false }),
    initial: 'serving',
    states: {
      serving: {
        on: {
          RESERVE: [
            { guard: 'finished', actions: reply('RESERVE_REFUSED', (e) => ({ item: str(e.item), code: 'E_FINISHED' })) },
            {
              guard: 'reservable',
              actions: [
                assign({ items: ({ context, event }) => ({ ...context.items, [str(event.item)]: { state: 'reserved', txn: str(event.txn) } }) }),
                enqueueActions(({ context, event, enqueue }) => {
                  const item = str(event.item);
                  enqueue.cancel(`ttl:${item}`);
                  if (context.expire) enqueue.raise({ type: 'EXPIRE', item, txn: str(event.txn) }, { delay: DRAIN_TIMING.reserveTtlMs, id: `ttl:${item}` });
                }),
                reply('RESERVED', (e) => ({ item: str(e.item) })),
              ],
            },
            { guard: 'intact', actions: reply('RESERVE_REFUSED', (e) => ({ item: str(e.item), code: 'E_TAKEN' })) },
          ],
          COMMIT: [
            { guard: 'alreadyCommitted', actions: reply('COMMITTED', () => ({})) },
            {
              guard: 'wholeCommit',
              actions: [
                assign(({ context, event }) => {
                  const items = { ...context.items };
                  for (const k of listed(event)) if (items[k]?.state === 'reserved' && items[k]?.txn === event.txn) items[k] = { state: 'committed', txn: str(event.txn) };
                  // The transaction is finished: reservations it did not list are released.
                  return { items: release(items, str(event.txn), false), committed: [...context.committed, str(event.txn)] };
                }),
                enqueueActions(({ event, enqueue }) => { for (const k of listed(event)) enqueue.cancel(`ttl:${k}`); }),
                reply('COMMITTED', () => ({})),
              ],
            },
            {
              guard: 'intact',
              actions: [
                assign(({ context, event }) => ({
                  items: release(context.items, str(event.txn), false),
                  aborted: context.aborted.includes(str(event.txn)) ? context.aborted : [...context.aborted, str(event.txn)],
                })),
                reply('COMMIT_REFUSED', () => ({ code: 'E_NOT_RESERVED' })),
              ],
            },
          ],
          ABORT: [
            {
              guard: 'alreadyCommitted',
              actions: opts.abortUndoesCommit === true
                ? [assign(({ context, event }) => ({ items: release(context.items, str(event.txn), true) })), reply('ABORTED', () => ({ state: 'aborted' }))]
                : reply('ABORTED', () => ({ state: 'committed' })),
            },
            {
              guard: 'intact',
              actions: [
                assign(({ context, event }) => ({
                  items: release(context.items, str(event.txn), false),
                  aborted: context.aborted.includes(str(event.txn)) ? context.aborted : [...context.aborted, str(event.txn)],
                })),
                reply('ABORTED', () => ({ state: 'aborted' })),
              ],
            },
          ],
          EXPIRE: { guard: 'expires', actions: assign({ items: ({ context, event }) => ({ ...context.items, [str(event.item)]: FREE }) }) },
        },
      },
    },
  });
}

/** Client: submits one more unit of work to a running region, then is done. */
export function drainClientMachine() {
  return setup({ types: { context: {} as { region: string; item: string }, input: {} as { region: string; item: string } }, delays: DRAIN_TIMING as unknown as Record<string, number> }).createMachine({
    id: 'drain-client',
    context: ({ input }) => ({ ...input }),
    initial: 'waiting',
    states: {
      waiting: { after: { submitAtMs: 'submitted' } },
      submitted: {
        type: 'final',
        entry: netSend(({ context }: { context: { region: string } }) => context.region, ({ context }: { context: { region: string; item: string } }) => ({ type: 'SUBMIT', item: context.item })),
      },
    },
  });
}
