// Scenario `connector`: the correct model explores clean under random with a fixed budget (and its
// message faults, crashes, restarts and injections actually fire), every mutant is caught by the oracle
// it names, with a trace that replays, and the operator parameters (attempts, replyTimeout) do what
// they say.
import { describe, expect, it } from 'vitest';
import { runExecution } from '../harness/execution.js';
import { runExplore } from '../harness/run.js';
import { replayTrace } from '../harness/replay.js';
import { resolveSetup } from '../harness/setup.js';
import { OPERATOR_SCRIPT } from '../models/connector.js';
import { viewOf } from '../sim/view.js';
import type { World } from '../sim/world.js';
import { CONNECTOR_MUTANTS, connectorScenario } from './connector.js';

const NO_FAULTS = { drop: 0, duplicate: 0, corrupt: 0, reorder: 0, crash: 0, restart: 0, inject: 0 } as const;

/**
 * Runs connector with `params` and no faults where no message is ever delivered: only timers fire,
 * so every operator command goes unanswered. Returns the final world and the choices taken.
 */
function neverDeliver(params: Record<string, number>): { world: World; choices: readonly string[] } {
  const setup = resolveSetup({ scenario: 'connector', params, faults: NO_FAULTS });
  let last: World | undefined;
  const r = runExecution(setup, 0, (list, w) => {
    last = w;
    return list.find((c) => c.kind === 'timer') ?? null;
  }, 500);
  expect(r.end).toBe('stopped');
  return { world: last!, choices: r.choices };
}

const BUDGET = { strategy: 'random', seed: 1, executionsMax: 1000, faultProbability: 0.2, minimize: false } as const;

describe('scenario connector', () => {
  it('explores clean under random (600 executions, seed 1) and exercises its faults', () => {
    const r = runExplore({ scenario: 'connector', ...BUDGET, executionsMax: 600 });
    expect(r.outcome.violation?.violation ?? null).toBeNull();
    expect(r.outcome.executions).toBe(600);
    for (const k of ['drop', 'duplicate', 'corrupt', 'reorder', 'crash', 'restart', 'inject'] as const) expect(r.outcome.faultsFired[k]).toBeGreaterThan(0);
  });

  it('gives every invariant and terminal oracle at least one mutant', () => {
    const ids = [...connectorScenario.invariants, ...connectorScenario.terminal].map((i) => i.id);
    for (const id of ids) expect(CONNECTOR_MUTANTS.some((m) => m.expect === id), id).toBe(true);
  });

  it('attempts=k: an unanswered command is sent k times, then recorded as a timeout', () => {
    for (const attempts of [1, 3]) {
      const { world } = neverDeliver({ attempts });
      const v = viewOf(world);
      const op = v.actor('operator');
      expect(op.status).toBe('done');
      expect((op.context.results as { result: string }[]).map((x) => x.result)).toEqual(OPERATOR_SCRIPT.map(() => 'timeout'));
      const toConnector = v.inFlight.filter((m) => m.to === 'connector');
      expect(toConnector.length).toBe(OPERATOR_SCRIPT.length * attempts);
    }
  });

  it('replyTimeout=0: the operator waits for the reply, never timing out or resending', () => {
    const { world, choices } = neverDeliver({ replyTimeout: 0 });
    expect(choices).toEqual(['timer connector/recover']);
    const v = viewOf(world);
    expect(v.actor('operator').state).toBe('sending');
    expect(v.timers.filter((t) => t.owner === 'operator')).toEqual([]);
    expect(v.inFlight.filter((m) => m.to === 'connector').length).toBe(1);
  });

  for (const m of CONNECTOR_MUTANTS) {
    it(`mutant ${m.name} is caught by ${m.expect}`, () => {
      const r = runExplore({ scenario: 'connector', mutant: m.name, ...BUDGET });
      expect(r.outcome.violation?.violation?.invariant).toBe(m.expect);
      expect(r.trace).not.toBeNull();
      expect(replayTrace(r.trace!, 'connector test').reproduced).toBe(true);
    });
  }
});
