// Replay: follow a recorded choice list exactly and check that the same thing happens.
// Owns: rebuilding the world a trace was recorded in (refusing when the scenario definition has
// changed), re-running its choices through the shared execution loop, and comparing every
// readable event and the violation with the record. The result names the first differing step.
import { canonicalJson } from '../sim/canonical.js';
import { parseChoiceKey, choiceKey } from '../sim/choice.js';
import { InconclusiveError, InputError, UsageError } from '../sim/errors.js';
import type { FaultKind } from '../sim/faults.js';
import type { StepEvent } from '../sim/world.js';
import type { TraceV1 } from '../reports/trace.js';
import { runExecution, type ExecutionRecord } from './execution.js';
import type { Violation } from './oracles.js';
import { resolveSetup, unknownScenario, type RunSetup } from './setup.js';
import { findScenario } from '../scenarios/registry.js';

/** Outcome of a replay. */
export interface ReplayResult {
  readonly reproduced: boolean;
  /** The violation replay observed (null if none). */
  readonly violation: Violation | null;
  readonly steps: number;
  /** When not reproduced: the first step that differs and how. */
  readonly mismatch: { readonly step: number; readonly reason: string } | null;
  readonly record: ExecutionRecord;
}

/** Rebuilds the RunSetup a trace was recorded with; refuses unknown or changed scenarios. */
export function setupFromTrace(trace: TraceV1, source: string): RunSetup {
  if (!findScenario(trace.scenario.id)) throw unknownScenario(trace.scenario.id, true);
  let setup: RunSetup;
  try {
    setup = resolveSetup({ scenario: trace.scenario.id, mutant: trace.scenario.mutant, params: trace.scenario.params, faults: trace.faults as Partial<Record<FaultKind, number>> });
  } catch (e) {
    if (e instanceof UsageError) throw new InputError('E_TRACE_SETUP', `${source}: ${e.message}`);
    throw e;
  }
  if (setup.definitionHash !== trace.scenario.definitionHash) {
    throw new InconclusiveError(
      'E_DEFINITION_CHANGED',
      `${source}: scenario '${trace.scenario.id}' has changed since this trace was recorded (definition ${setup.definitionHash.slice(0, 12)}…, trace ${trace.scenario.definitionHash.slice(0, 12)}…); re-run 'racelab explore' to record a new trace`,
    );
  }
  return setup;
}

function eventDiff(expected: StepEvent | undefined, actual: StepEvent | undefined): string {
  if (!expected) return `replay produced an extra step: ${canonicalJson(actual ?? null)}`;
  if (!actual) return `replay ended before recorded step: ${canonicalJson(expected)}`;
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const diffs: string[] = [];
  for (const k of keys) {
    const a = canonicalJson((expected as unknown as Record<string, unknown>)[k] ?? null);
    const b = canonicalJson((actual as unknown as Record<string, unknown>)[k] ?? null);
    if (a !== b) diffs.push(`${k}: recorded ${a}, replayed ${b}`);
  }
  return diffs.join('; ');
}

/** Replays `choices` in `setup`; a choice that is not enabled stops the replay with a mismatch. */
export function followChoices(setup: RunSetup, choices: readonly string[]): { record: ExecutionRecord; notEnabled: { step: number; reason: string } | null } {
  let notEnabled: { step: number; reason: string } | null = null;
  const record = runExecution(setup, 0, (list, _w, depth) => {
    if (depth >= choices.length) return null;
    const want = choices[depth]!;
    const parsed = parseChoiceKey(want);
    const found = parsed && list.find((c) => choiceKey(c) === want);
    if (!found) {
      notEnabled = { step: depth, reason: `recorded choice '${want}' is not enabled; enabled: ${list.map(choiceKey).join(', ')}` };
      return null;
    }
    return found;
  }, choices.length + 1);
  return { record, notEnabled };
}

/** Replays a verified trace and compares it, step by step, with the record. */
export function replayTrace(trace: TraceV1, source: string): ReplayResult {
  const setup = setupFromTrace(trace, source);
  const { record, notEnabled } = followChoices(setup, trace.choices);
  const base = { violation: record.violation, steps: record.steps, record };
  if (notEnabled) return { ...base, reproduced: false, mismatch: notEnabled };
  if (canonicalJson(trace.initial) !== canonicalJson(record.initial)) {
    return { ...base, reproduced: false, mismatch: { step: 0, reason: `initial world differs: recorded ${canonicalJson(trace.initial)}, replayed ${canonicalJson(record.initial)}` } };
  }
  const n = Math.max(trace.events.length, record.events.length);
  for (let i = 0; i < n; i++) {
    const a = trace.events[i];
    const b = record.events[i];
    if (!a || !b || canonicalJson(a) !== canonicalJson(b)) return { ...base, reproduced: false, mismatch: { step: i, reason: eventDiff(a, b) } };
  }
  const want = trace.violation;
  const got = record.violation;
  if (canonicalJson(want) !== canonicalJson(got)) {
    const w = want ? `${want.invariant} at step ${want.step}` : 'no violation';
    const g = got ? `${got.invariant} at step ${got.step}` : 'no violation';
    return { ...base, reproduced: false, mismatch: { step: record.steps, reason: `recorded ${w}, replay found ${g}` } };
  }
  return { ...base, reproduced: true, mismatch: null };
}
