// Lease-fencing protocol (Kleppmann's fencing tokens): a lease service, writers, a fenced store.
// Owns: the three XState machines and their mutants. The lease service grants one lease at a
// time with a fencing token that strictly increases and expires in virtual time; a writer
// acquires a lease, works (and may be stalled past expiry by an injected STALL), then writes with
// its token; the store accepts a write only when its token is at least the highest it has seen
// and the message passes its integrity check. Ghost state (issued tokens, the store's write log)
// is kept in context so invariants can read the history.
// Mutants: `reuse-token` (the service reissues the last token after an expiry),
// `unfenced-store` (the store accepts any token), `skip-integrity` (the store accepts a
// corrupted message).
import { assign, cancel, raise, setup } from 'xstate';
import { integrityOk, netSend } from '../sim/conventions.js';

/** Lease timing, in virtual ms. */
export const LEASE_TIMING = Object.freeze({
  ttlMs: 100,
  workMs: 10,
  stallMs: 250,
  busyBackoffMs: 40,
  replyTimeoutMs: 300,
  attemptsMax: 3,
});

/** Any delivered event: body fields plus the transport's $from / $digest. */
type Ev = { type: string; $from?: string; $digest?: string; token?: unknown; [k: string]: unknown };

const intact = (event: Ev): boolean => integrityOk(event as never);
/** A finite number from a message field, or -1 (context must stay plain JSON: no NaN). */
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : -1);

export interface LeaseServiceOptions {
  /** Mutant `reuse-token`: after an expiry the next grant reuses the last token. */
  readonly reuseToken?: boolean;
}

interface LeaseCtx {
  nextToken: number;
  holder: string | null;
  token: number;
  issued: number[];
}

/** Lease service: grants, expires and releases one lease; its token counter is durable. */
export function leaseServiceMachine(opts: LeaseServiceOptions = {}) {
  const reuse = opts.reuseToken === true;
  return setup({
    types: {
      context: {} as LeaseCtx,
      events: {} as Ev,
      input: {} as { restored?: { nextToken: number; issued: number[] } } | undefined,
    },
    guards: {
      free: ({ context, event }) => intact(event) && context.holder === null,
      held: ({ context, event }) => intact(event) && context.holder !== null,
      holderReleases: ({ context, event }) => intact(event) && context.holder === event.$from && event.token === context.token,
      current: ({ context, event }) => event.token === context.token,
    },
  }).createMachine({
    id: reuse ? 'lease-service.reuse-token' : 'lease-service',
    context: ({ input }) => ({
      nextToken: input?.restored?.nextToken ?? 1,
      holder: null,
      token: 0,
      issued: input?.restored?.issued ?? [],
    }),
    initial: 'serving',
    states: {
      serving: {
        on: {
          ACQUIRE: [
            {
              guard: 'free',
              actions: [
                assign(({ context, event }) => {
                  const last = context.issued[context.issued.length - 1];
                  const token = reuse && last !== undefined ? last : context.nextToken;
                  return { holder: event.$from ?? null, token, nextToken: token + 1, issued: [...context.issued, token] };
                }),
                netSend(
                  ({ context }: { context: LeaseCtx }) => context.holder ?? '',
                  ({ context }: { context: LeaseCtx }) => ({ type: 'GRANT', token: context.token }),
                ),
                raise(({ context }) => ({ type: 'EXPIRE', token: context.token }), { delay: LEASE_TIMING.ttlMs, id: 'expire' }),
              ],
            },
            { guard: 'held', actions: netSend(({ event }: { event: Ev }) => String(event.$from), () => ({ type: 'BUSY' })) },
          ],
          RELEASE: { guard: 'holderReleases', actions: [assign({ holder: null }), cancel('expire')] },
          EXPIRE: { guard: 'current', actions: assign({ holder: null }) },
        },
      },
    },
  });
}

interface WriterCtx {
  name: string;
  value: number;
  token: number | null;
  attempts: number;
  outcome: string | null;
}

export interface WriterOptions {
  /** Lease acquisition attempts (first try plus retries); default LEASE_TIMING.attemptsMax. */
  readonly attemptsMax?: number;
}

/** Writer: acquire a lease, work (maybe stall), write with the token, release. */
export function writerMachine(opts: WriterOptions = {}) {
  const attemptsMax = opts.attemptsMax ?? LEASE_TIMING.attemptsMax;
  return setup({
    types: { context: {} as WriterCtx, events: {} as Ev, input: {} as { name: string; value: number } },
    guards: {
      grant: ({ event }) => intact(event) && typeof event.token === 'number',
      intact: ({ event }) => intact(event),
      canRetry: ({ context }) => context.attempts < attemptsMax,
    },
    delays: LEASE_TIMING as unknown as Record<string, number>,
  }).createMachine({
    id: 'writer',
    context: ({ input }) => ({ name: input.name, value: input.value, token: null, attempts: 0, outcome: null }),
    initial: 'acquiring',
    states: {
      acquiring: {
        entry: [assign({ attempts: ({ context }) => context.attempts + 1 }), netSend('lease', () => ({ type: 'ACQUIRE' }))],
        on: {
          GRANT: { guard: 'grant', target: 'working', actions: assign({ token: ({ event }) => event.token as number }) },
          BUSY: { guard: 'intact', target: 'backoff' },
        },
        after: { replyTimeoutMs: [{ guard: 'canRetry', target: 'acquiring', reenter: true }, { target: 'gaveUp' }] },
      },
      backoff: {
        after: { busyBackoffMs: [{ guard: 'canRetry', target: 'acquiring' }, { target: 'gaveUp' }] },
      },
      working: {
        on: { STALL: 'stalled' },
        after: { workMs: 'writing' },
      },
      stalled: {
        after: { stallMs: 'writing' },
      },
      writing: {
        entry: netSend('store', ({ context }: { context: WriterCtx }) => ({ type: 'WRITE', token: context.token ?? 0, value: context.value })),
        on: {
          ACK: { guard: 'intact', target: 'done', actions: assign({ outcome: 'accepted' }) },
          REJECT: { guard: 'intact', target: 'done', actions: assign({ outcome: 'rejected' }) },
        },
        after: { replyTimeoutMs: { target: 'done', actions: assign({ outcome: 'unknown' }) } },
      },
      done: {
        type: 'final',
        entry: netSend('lease', ({ context }: { context: WriterCtx }) => ({ type: 'RELEASE', token: context.token ?? 0 })),
      },
      gaveUp: { type: 'final' },
    },
  });
}

export interface StoreOptions {
  /** Mutant `unfenced-store`: accept any token. */
  readonly unfenced?: boolean;
  /** Mutant `skip-integrity`: do not verify the message digest. */
  readonly skipIntegrity?: boolean;
}

/** One entry of the store's write log (ghost state for invariants). */
export interface WriteLogEntry {
  writer: string;
  token: number;
  value: number;
  accepted: boolean;
  /** Highest accepted token before this write arrived. */
  highest: number;
}

interface StoreCtx {
  highest: number;
  value: number | null;
  log: WriteLogEntry[];
}

/** Fenced store: accepts a write only with a token at least the highest seen; durable state survives a crash. */
export function storeMachine(opts: StoreOptions = {}) {
  const fenced = opts.unfenced !== true;
  const checks = opts.skipIntegrity !== true;
  const id = ['store', fenced ? '' : 'unfenced', checks ? '' : 'skip-integrity'].filter(Boolean).join('.');
  const admissible = (ctx: StoreCtx, ev: Ev): boolean =>
    (!checks || intact(ev)) && (!fenced || (typeof ev.token === 'number' && Number.isInteger(ev.token) && ev.token >= ctx.highest));
  return setup({
    types: {
      context: {} as StoreCtx,
      events: {} as Ev,
      input: {} as { restored?: StoreCtx } | undefined,
    },
    guards: { admissible: ({ context, event }) => admissible(context, event) },
  }).createMachine({
    id,
    context: ({ input }) => input?.restored ?? { highest: 0, value: null, log: [] },
    initial: 'ready',
    states: {
      ready: {
        on: {
          WRITE: [
            {
              guard: 'admissible',
              actions: [
                assign(({ context, event }) => {
                  const token = num(event.token);
                  const entry: WriteLogEntry = { writer: String(event.$from), token, value: num(event.value), accepted: true, highest: context.highest };
                  return { highest: Math.max(context.highest, token), value: num(event.value), log: [...context.log, entry] };
                }),
                netSend(({ event }: { event: Ev }) => String(event.$from), ({ event }: { event: Ev }) => ({ type: 'ACK', token: num(event.token) })),
              ],
            },
            {
              actions: [
                assign(({ context, event }) => {
                  const entry: WriteLogEntry = { writer: String(event.$from), token: num(event.token), value: num(event.value), accepted: false, highest: context.highest };
                  return { log: [...context.log, entry] };
                }),
                netSend(({ event }: { event: Ev }) => String(event.$from), ({ event }: { event: Ev }) => ({ type: 'REJECT', token: num(event.token) })),
              ],
            },
          ],
        },
      },
    },
  });
}
