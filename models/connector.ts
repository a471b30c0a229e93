// Connector lifecycle: discovered → verified → installed → configured → active, plus failed,
// paused and stopped, driven by operator commands over the transport. Owns: the connector (a
// health gate before active — a report with no required checks fails; illegal commands rejected
// with stable codes; stop from active or paused through requested → draining → finalizing;
// recovery after a crash to the durable phase, via a 0 ms RECOVER timer from `boot`), the health
// checker (no required checks until the connector registers; a crash forgets the registration)
// and the operator's command script (sends per command and whether it times out waiting for a
// reply are options). Ghost state (last move, last rejection, stop phases, the gate report it
// activated on, the restored phase) lets invariants read what happened.
import { assign, enqueueActions, raise, setup } from 'xstate';
import { integrityOk, netSend, type MessageBody } from '../sim/conventions.js';

/** Connector timing, in virtual ms. */
export const CONNECTOR_TIMING = Object.freeze({ gateTimeoutMs: 40, drainMs: 20, replyTimeoutMs: 60 });

/** Operator commands the connector understands. */
export const CONNECTOR_COMMANDS = Object.freeze(['VERIFY', 'INSTALL', 'CONFIGURE', 'ACTIVATE', 'PAUSE', 'RESUME', 'STOP'] as const);

/** Stable rejection codes. */
export const CONNECTOR_CODES = Object.freeze(['E_ILLEGAL_TRANSITION', 'E_HEALTH_GATE', 'E_HEALTH_TIMEOUT'] as const);

/** Health checks required once the connector has registered. */
export const REQUIRED_CHECKS = Object.freeze(['auth', 'ping'] as const);

type Ev = { type: string; $from?: string; $digest?: string; [k: string]: unknown };
const intact = (e: Ev): boolean => integrityOk(e as never);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : []);
const isCommand = (e: Ev): boolean => (CONNECTOR_COMMANDS as readonly string[]).includes(e.type);

/** A health report as the connector received it. */
export interface GateReport {
  required: string[];
  passed: string[];
}

/** What survives a crash of the connector's host. */
export interface ConnectorDurable {
  phase: string;
  commands: number;
  gate: GateReport | null;
}

/** Connector context. */
export interface ConnectorCtx {
  commands: number;
  restored: { phase: string; commands: number } | null;
  gate: GateReport | null;
  reply: { to: string; seq: number } | null;
  lastMove: { from: string; command: string; to: string } | null;
  lastRejection: { from: string; command: string; code: string } | null;
  stopLog: string[];
  /** The phase the last RECOVER went to (ghost), null before recovery. */
  recoveredTo: string | null;
}

/** Connector mutants. */
export interface ConnectorOptions {
  /** `skip-configure`: installed accepts ACTIVATE. */
  readonly skipConfigure?: boolean;
  /** `empty-gate-passes`: a health report with no required checks passes the gate. */
  readonly emptyGatePasses?: boolean;
  /** `stop-skips-drain`: stop goes from requested straight to finalizing. */
  readonly stopSkipsDrain?: boolean;
  /** `forget-on-restart`: recovery ignores the durable phase and starts over at discovered. */
  readonly forgetOnRestart?: boolean;
  /** `reject-resume`: paused rejects RESUME as illegal. */
  readonly rejectResume?: boolean;
  /** `gate-no-timeout`: gating waits forever for the health report. */
  readonly gateNoTimeout?: boolean;
}

const STOPPED_ID = 'connector-stopped';

/** The durable phase of a connector state value (transient states map to where they resume). */
export function durablePhase(value: unknown, ctx: ConnectorCtx): string {
  const top = typeof value === 'string' ? value : Object.keys(value as object)[0] ?? 'discovered';
  if (top === 'boot') return ctx.restored?.phase ?? 'discovered';
  if (top === 'gating') return ctx.gate === null ? 'configured' : 'paused';
  return top;
}

/** The connector lifecycle machine. */
export function connectorMachine(opts: ConnectorOptions = {}) {
  const seq = (e: Ev): number => (typeof e.seq === 'number' ? e.seq : -1);
  const move = (from: string, to: string, reply: boolean): never[] => [
    assign(({ context, event }: { context: ConnectorCtx; event: Ev }) => ({
      commands: context.commands + 1, lastMove: { from, command: event.type, to },
      reply: { to: str(event.$from), seq: seq(event) }, stopLog: to.startsWith('stopping') ? [] : context.stopLog,
    })),
    ...(reply ? [netSend(({ event }: { event: Ev }) => str(event.$from), ({ event }: { event: Ev }) => ({ type: 'OK', seq: seq(event) }))] : []),
  ] as never[];
  const answer = (type: string, code: string | null): never => enqueueActions(({ context, enqueue }: { context: ConnectorCtx; enqueue: (a: never) => void }) => {
    const r = context.reply;
    if (r) enqueue(netSend(r.to, () => (code === null ? { type, seq: r.seq } : { type, seq: r.seq, code }) as MessageBody));
  }) as never;
  const rejectAs = (from: string, code: string): never[] => [
    assign({ lastRejection: ({ event }: { event: Ev }) => ({ from, command: event.type, code }) }),
    netSend(({ event }: { event: Ev }) => str(event.$from), ({ event }: { event: Ev }) => ({ type: 'REJECTED', seq: seq(event), code })),
  ] as never[];
  /** Any command a state does not handle is rejected with E_ILLEGAL_TRANSITION, naming the state. */
  const illegalIn = (from: string) => ({ '*': { guard: 'illegalCommand' as const, actions: rejectAs(from, 'E_ILLEGAL_TRANSITION') } });
  const logStop = (phase: string): never => assign({ stopLog: ({ context }: { context: ConnectorCtx }) => [...context.stopLog, phase] }) as never;
  const legal = (from: string, to: string, reply = true) => ({ guard: 'intact' as const, target: to, actions: move(from, to, reply) });
  const name = ['connector', ...Object.entries(opts).filter(([, v]) => v === true).map(([k]) => k)].join('+');
  return setup({
    types: { context: {} as ConnectorCtx, events: {} as Ev, input: {} as { restored?: ConnectorDurable } | undefined },
    guards: {
      intact: ({ event }) => intact(event),
      illegalCommand: ({ event }) => intact(event) && isCommand(event),
      gatePasses: ({ event }) => {
        const required = strs(event.required);
        const passed = strs(event.passed);
        return intact(event) && (opts.emptyGatePasses === true || required.length > 0) && required.every((c) => passed.includes(c));
      },
      restoredTo: ({ context }, params: { phase: string }) => opts.forgetOnRestart !== true && context.restored?.phase === params.phase,
    },
    delays: CONNECTOR_TIMING as unknown as Record<string, number>,
  }).createMachine({
    id: name,
    context: ({ input }) => ({
      commands: input?.restored?.commands ?? 0,
      restored: input?.restored ? { phase: input.restored.phase, commands: input.restored.commands } : null,
      gate: input?.restored?.gate ?? null, reply: null, lastMove: null, lastRejection: null, stopLog: [], recoveredTo: null,
    }),
    initial: 'boot',
    states: {
      boot: {
        entry: raise({ type: 'RECOVER' }, { delay: 0, id: 'recover' }),
        on: {
          RECOVER: [
            ...['verified', 'installed', 'configured', 'active', 'paused', 'failed', 'stopped', 'stopping'].map((p) => ({
              guard: { type: 'restoredTo' as const, params: { phase: p } }, target: p, actions: assign({ recoveredTo: p }) as never,
            })),
            { target: 'discovered', actions: assign({ recoveredTo: 'discovered' }) as never },
          ],
          ...illegalIn('boot'),
        },
      },
      discovered: { on: { VERIFY: legal('discovered', 'verified'), STOP: legal('discovered', 'stopped'), FAULT: 'failed', ...illegalIn('discovered') } },
      verified: { on: { INSTALL: legal('verified', 'installed'), STOP: legal('verified', 'stopped'), FAULT: 'failed', ...illegalIn('verified') } },
      installed: {
        on: {
          CONFIGURE: legal('installed', 'configured'), STOP: legal('installed', 'stopped'), FAULT: 'failed', ...illegalIn('installed'),
          ...(opts.skipConfigure === true ? { ACTIVATE: legal('installed', 'gating', false) } : {}),
        },
      },
      configured: {
        entry: netSend('health', () => ({ type: 'REGISTER' })),
        on: { ACTIVATE: legal('configured', 'gating', false), STOP: legal('configured', 'stopped'), FAULT: 'failed', ...illegalIn('configured') },
      },
      gating: {
        entry: netSend('health', () => ({ type: 'CHECK' })),
        on: {
          HEALTH: [
            { guard: 'gatePasses', target: 'active', actions: [assign({ gate: ({ event }) => ({ required: strs(event.required), passed: strs(event.passed) }) }), answer('OK', null)] },
            { guard: 'intact', target: 'configured', actions: [assign({ gate: null }), answer('REJECTED', 'E_HEALTH_GATE')] },
          ],
          ...illegalIn('gating'),
        },
        ...(opts.gateNoTimeout === true ? {} : { after: { gateTimeoutMs: { target: 'configured', actions: [assign({ gate: null }), answer('REJECTED', 'E_HEALTH_TIMEOUT')] } } }),
      },
      active: { on: { PAUSE: legal('active', 'paused'), STOP: legal('active', 'stopping'), FAULT: 'failed', ...illegalIn('active') } },
      paused: {
        on: {
          RESUME: opts.rejectResume === true ? { guard: 'intact', actions: rejectAs('paused', 'E_ILLEGAL_TRANSITION') } : legal('paused', 'gating', false),
          STOP: legal('paused', 'stopping'), FAULT: 'failed', ...illegalIn('paused'),
        },
      },
      stopping: {
        on: illegalIn('stopping'),
        initial: 'requested',
        states: {
          requested: { entry: [logStop('requested'), raise({ type: 'DRAIN' }, { delay: 0, id: 'drain' })], on: { DRAIN: opts.stopSkipsDrain === true ? 'finalizing' : 'draining' } },
          draining: { entry: logStop('draining'), after: { drainMs: 'finalizing' } },
          finalizing: { entry: [logStop('finalizing'), raise({ type: 'FINALIZE' }, { delay: 0, id: 'finalize' })], on: { FINALIZE: '#' + STOPPED_ID } },
        },
      },
      stopped: { id: STOPPED_ID, on: illegalIn('stopped') },
      failed: { on: { STOP: legal('failed', 'stopped'), ...illegalIn('failed') } },
    },
  });
}

/** Top-level state name of a state value. */
export function durableTop(value: unknown): string {
  return typeof value === 'string' ? value : Object.keys(value as object)[0] ?? '';
}

/** Health checker: no required checks until REGISTER; FAIL_AUTH (injected) makes `auth` fail. */
export function healthMachine() {
  const report = (ready: boolean) => netSend(({ event }: { event: Ev }) => str(event.$from), ({ context }: { event: Ev; context: { authOk: boolean } }) => ({
    type: 'HEALTH', required: ready ? [...REQUIRED_CHECKS] : [], passed: context.authOk ? [...REQUIRED_CHECKS] : ['ping'],
  })) as never;
  return setup({ types: { context: {} as { authOk: boolean }, events: {} as Ev } }).createMachine({
    id: 'health',
    context: { authOk: true },
    initial: 'cold',
    on: { FAIL_AUTH: { actions: assign({ authOk: false }) } },
    states: {
      cold: { on: { REGISTER: 'ready', CHECK: { actions: report(false) } } },
      ready: { on: { CHECK: { actions: report(true) } } },
    },
  });
}

/** The operator's script: one command at a time, resent on a reply timeout (by default twice), then the next. */
export const OPERATOR_SCRIPT = Object.freeze(['VERIFY', 'INSTALL', 'ACTIVATE', 'CONFIGURE', 'ACTIVATE', 'PAUSE', 'RESUME', 'STOP'] as const);

interface OperatorCtx {
  i: number;
  tries: number;
  results: { command: string; result: string }[];
}

/** Default operator sends per command: the first try plus two resends. */
export const OPERATOR_ATTEMPTS_MAX = 3;

/** Operator options. */
export interface OperatorOptions {
  /** Sends per command (first try plus resends after a reply timeout); default OPERATOR_ATTEMPTS_MAX. */
  readonly attemptsMax?: number;
  /** false: the operator waits for each reply forever (no reply timeout, no resend); default true. */
  readonly replyTimeout?: boolean;
}

/** Operator: sends OPERATOR_SCRIPT commands to the connector with sequence numbers. */
export function connectorOperatorMachine(oo: OperatorOptions = {}) {
  const attemptsMax = oo.attemptsMax ?? OPERATOR_ATTEMPTS_MAX;
  const send = netSend('connector', ({ context }: { context: OperatorCtx }) => ({ type: OPERATOR_SCRIPT[context.i] ?? 'STOP', seq: context.i })) as never;
  const record = (result: (e: Ev) => string): never => assign(({ context, event }: { context: OperatorCtx; event: Ev }) => ({
    results: [...context.results, { command: OPERATOR_SCRIPT[context.i] ?? '', result: result(event) }], i: context.i + 1, tries: 0,
  })) as never;
  return setup({
    types: { context: {} as OperatorCtx, events: {} as Ev },
    guards: {
      current: ({ context, event }) => intact(event) && event.seq === context.i,
      more: ({ context }) => context.i < OPERATOR_SCRIPT.length,
      retry: ({ context }) => context.tries + 1 < attemptsMax,
    },
    delays: CONNECTOR_TIMING as unknown as Record<string, number>,
  }).createMachine({
    id: 'connector-operator',
    context: { i: 0, tries: 0, results: [] },
    initial: 'sending',
    states: {
      sending: {
        entry: send,
        on: {
          OK: { guard: 'current', target: 'next', actions: record(() => 'OK') },
          REJECTED: { guard: 'current', target: 'next', actions: record((e) => str(e.code)) },
        },
        after: oo.replyTimeout === false ? {} : {
          replyTimeoutMs: [
            { guard: 'retry', target: 'sending', reenter: true, actions: assign({ tries: ({ context }) => context.tries + 1 }) },
            { target: 'next', actions: record(() => 'timeout') },
          ],
        },
      },
      next: { after: { 0: [{ guard: 'more', target: 'sending' }, { target: 'done' }] } },
      done: { type: 'final' },
    },
  });
}
