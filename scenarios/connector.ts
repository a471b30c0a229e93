// Scenario `connector`: a connector's lifecycle driven by an operator, with a health gate.
// Goal: whatever the schedule, message faults, crashes and restarts of the connector or the
// health checker and injected faults, the connector moves only along legal transitions, rejects
// illegal commands with stable codes (and only illegal ones), is active only after a passing
// health gate (no required checks is not a pass), stops from active or paused through
// requested → draining → finalizing, recovers after a restart to the phase it had, and never ends
// stuck in a transient state. Each mutant must be caught by the oracle it names.
import type { AnyMachineSnapshot } from 'xstate';
import type { Json } from '../sim/canonical.js';
import { faultBudget } from '../sim/faults.js';
import type { WorldView } from '../sim/view.js';
import type { WorldSpec } from '../sim/world.js';
import {
  CONNECTOR_CODES, OPERATOR_ATTEMPTS_MAX, connectorMachine, connectorOperatorMachine, durablePhase, durableTop, healthMachine,
  type ConnectorCtx, type ConnectorDurable,
} from '../models/connector.js';
import type { Invariant, Mutant, Scenario } from './types.js';

/**
 * The lifecycle specification, independent of the machine: phase → command → phase it leads to.
 * ACTIVATE and RESUME lead to the health gate; STOP from active or paused to the stop sequence.
 */
export const LIFECYCLE_LEGAL: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze({
  discovered: { VERIFY: 'verified', STOP: 'stopped' },
  verified: { INSTALL: 'installed', STOP: 'stopped' },
  installed: { CONFIGURE: 'configured', STOP: 'stopped' },
  configured: { ACTIVATE: 'gating', STOP: 'stopped' },
  active: { PAUSE: 'paused', STOP: 'stopping' },
  paused: { RESUME: 'gating', STOP: 'stopping' },
  failed: { STOP: 'stopped' },
});

const STOP_SEQUENCE = ['requested', 'draining', 'finalizing'];
const TRANSIENT = new Set(['boot', 'gating', 'stopping']);

function ctx(v: WorldView): ConnectorCtx | null {
  const a = v.actor('connector');
  return a.crashed ? null : (a.context as ConnectorCtx);
}

const invariants: Invariant[] = [
  {
    id: 'legal-transitions-only',
    description: 'every command the connector applies is a legal transition of the lifecycle',
    reads: ['connector'],
    check(v) {
      const m = ctx(v)?.lastMove;
      if (!m) return null;
      const to = LIFECYCLE_LEGAL[m.from]?.[m.command];
      return to === m.to ? null : `connector applied ${m.command} in '${m.from}' and went to '${m.to}'; the lifecycle allows ${to ? `'${to}'` : 'no such transition'}`;
    },
  },
  {
    id: 'illegal-rejected-with-code',
    description: 'a rejected command was illegal in the phase it arrived in, and the rejection carries a stable code',
    reads: ['connector'],
    check(v) {
      const r = ctx(v)?.lastRejection;
      if (!r) return null;
      if (!(CONNECTOR_CODES as readonly string[]).includes(r.code)) return `rejection code '${r.code}' is not one of ${CONNECTOR_CODES.join(', ')}`;
      if (LIFECYCLE_LEGAL[r.from]?.[r.command] !== undefined) return `connector rejected ${r.command} in '${r.from}' (${r.code}), which is legal there`;
      return null;
    },
  },
  {
    id: 'active-needs-passing-gate',
    description: 'the connector is active only with a health report whose required checks are non-empty and all passed',
    reads: ['connector'],
    check(v) {
      const c = ctx(v);
      if (!c || durableTop(v.actor('connector').value) !== 'active') return null;
      const g = c.gate;
      if (!g) return 'connector is active without any health report';
      if (g.required.length === 0) return 'connector is active on a health report with no required checks';
      const missing = g.required.filter((x) => !g.passed.includes(x));
      return missing.length > 0 ? `connector is active although required check(s) ${missing.join(', ')} failed` : null;
    },
  },
  {
    id: 'stop-drains',
    description: 'a stop from active or paused goes through requested → draining → finalizing, none skipped',
    reads: ['connector'],
    check(v) {
      const c = ctx(v);
      if (!c || c.stopLog.length === 0) return null;
      const ok = c.stopLog.every((p, i) => p === STOP_SEQUENCE[i]);
      return ok ? null : `connector stop went through [${c.stopLog.join(' → ')}]; expected a prefix of [${STOP_SEQUENCE.join(' → ')}]`;
    },
  },
  {
    id: 'recovers-same-state',
    description: 'after a crash and restart of its host the connector recovers to the phase it had',
    reads: ['connector'],
    check(v) {
      const c = ctx(v);
      if (!c || !c.restored || c.recoveredTo === null) return null;
      return c.recoveredTo === c.restored.phase ? null : `connector was '${c.restored.phase}' before the crash but recovered to '${c.recoveredTo}'`;
    },
  },
];

const terminal: Invariant[] = [
  {
    id: 'lifecycle-settles',
    description: 'when nothing more can happen the connector is in a stable phase (not booting, gating or stopping)',
    reads: ['connector'],
    check(v) {
      const a = v.actor('connector');
      return !a.crashed && TRANSIENT.has(durableTop(a.value)) ? `connector is stuck in '${a.state}' with nothing left to happen` : null;
    },
  },
];

/** Mutants of the connector scenario and the oracle each must violate. */
export const CONNECTOR_MUTANTS: readonly Mutant[] = [
  { name: 'skip-configure', description: 'installed accepts ACTIVATE', expect: 'legal-transitions-only' },
  { name: 'reject-resume', description: 'paused rejects RESUME as illegal', expect: 'illegal-rejected-with-code' },
  { name: 'empty-gate-passes', description: 'a health report with no required checks passes the gate', expect: 'active-needs-passing-gate' },
  { name: 'stop-skips-drain', description: 'stop goes from requested straight to finalizing', expect: 'stop-drains' },
  { name: 'forget-on-restart', description: 'recovery ignores the durable phase and starts over at discovered', expect: 'recovers-same-state' },
  { name: 'gate-no-timeout', description: 'gating waits forever for the health report', expect: 'lifecycle-settles' },
];

const durableConnector = (s: AnyMachineSnapshot): Json => {
  const c = s.context as ConnectorCtx;
  const d: ConnectorDurable = { phase: durablePhase(s.value, c), commands: c.commands, gate: c.gate };
  return d as unknown as Json;
};

export const connectorScenario: Scenario = {
  id: 'connector',
  title: 'Connector lifecycle with a health gate',
  goal: 'An operator drives a connector through verify, install, configure, activate, pause, resume and stop while messages fail, the connector or its health checker crash and restart, and auth may start failing.',
  version: 1,
  params: [
    { name: 'attempts', description: 'operator sends per command (first try plus resends after a reply timeout)', default: OPERATOR_ATTEMPTS_MAX, min: 1, max: 5 },
    { name: 'replyTimeout', description: '1: after replyTimeoutMs without a reply the operator resends (up to attempts sends), then moves on; 0: it waits for each reply forever', default: 1, min: 0, max: 1 },
  ],
  mutants: CONNECTOR_MUTANTS,
  invariants,
  terminal,
  faults: { drop: 1, duplicate: 1, corrupt: 1, reorder: 1, crash: 1, restart: 1, inject: 1 },
  depthMax: 200,
  /*
   * Stated bounds (dpor: 44,314 executions, complete). Kept: the whole operator script; one crash
   * and one restart of the connector's host or the health checker (recovery to the durable phase, a
   * registration forgotten by a health restart, a CHECK lost with its host); one dropped message on
   * any link; the health report racing the connector's gate timeout. Cut: the operator's reply
   * timeout and resends (replyTimeout=0: it waits for each reply) — a timeout racing every reply is
   * what blows the space up (no faults: attempts=1 still passes 200,000 executions, replyTimeout=0
   * is 38); duplicate, corrupt and reorder faults and injections (FAULT, FAIL_AUTH): adding reorder=1
   * gives 114,701 executions, adding inject=1 or swapping drop for duplicate=1 does not finish in 120 s.
   */
  stated: { params: { replyTimeout: 0 }, faults: { crash: 1, restart: 1, drop: 1 }, executionsMax: 100_000 },
  build({ mutant, faults, params }) {
    const on = (n: string): true | undefined => (mutant === n ? true : undefined);
    const co = {
      skipConfigure: on('skip-configure'), emptyGatePasses: on('empty-gate-passes'), stopSkipsDrain: on('stop-skips-drain'),
      forgetOnRestart: on('forget-on-restart'), rejectResume: on('reject-resume'), gateNoTimeout: on('gate-no-timeout'),
    };
    const spec: WorldSpec = {
      actors: [
        { id: 'connector', machine: connectorMachine(co), durable: durableConnector },
        { id: 'health', machine: healthMachine() },
        { id: 'operator', machine: connectorOperatorMachine({ attemptsMax: params.attempts, replyTimeout: params.replyTimeout !== 0 }) },
      ],
      faults: faultBudget(faults),
      partitionMs: 0,
      injectables: [
        { actor: 'connector', event: { type: 'FAULT' } },
        { actor: 'health', event: { type: 'FAIL_AUTH' } },
      ],
      crashable: ['connector', 'health'],
    };
    return spec;
  },
};
