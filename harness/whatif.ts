// What-if replay: re-run a trace with an edit, or continue exploring from its prefix.
// Owns: the edits a user may make to a recorded choice list (drop fault K, flip fault K to
// another choice kind on the same target, or an edited copy of the trace file), re-running the
// edited list with harness/replay.ts followChoices and saying whether the recorded violation
// persists; and `continue`: follow a prefix exactly, then sample seeded random continuations
// (harness/explore/random.ts choosers) from there. Faults are numbered from 0 in the order they
// occur in the trace (`racelab replay --verbose` prints the numbers).
import { parseChoiceKey, choiceKey, choiceTarget, FAULT_CHOICE_KINDS, CHOICE_KIND_RANK, type ChoiceKind } from '../sim/choice.js';
import { UsageError } from '../sim/errors.js';
import type { TraceV1 } from '../reports/trace.js';
import { runExecution, type ExecutionRecord } from './execution.js';
import { randomChooser } from './explore/random.js';
import type { Violation } from './oracles.js';
import { followChoices } from './replay.js';
import type { RunSetup } from './setup.js';

/** One edit of a recorded choice list. */
export type WhatIfEdit =
  | { readonly kind: 'drop-fault'; readonly fault: number }
  | { readonly kind: 'flip-fault'; readonly fault: number; readonly to: ChoiceKind };

/** Result of re-running an edited choice list. */
export interface WhatIfResult {
  readonly choices: readonly string[];
  readonly record: ExecutionRecord;
  /** The violation observed (any invariant), or null. */
  readonly violation: Violation | null;
  /** True when the trace's recorded invariant is still violated. */
  readonly persists: boolean;
  /** Set when an edited choice was not enabled; the run stopped there. */
  readonly notEnabled: { readonly step: number; readonly reason: string } | null;
}

/** Step indices of the fault choices of a choice list, in order (fault K is at faultSteps[K]). */
export function faultSteps(choices: readonly string[]): number[] {
  const out: number[] = [];
  choices.forEach((k, i) => {
    const c = parseChoiceKey(k);
    if (c && FAULT_CHOICE_KINDS.has(c.kind)) out.push(i);
  });
  return out;
}

/** Applies edits (in the order given, each to the result of the previous) to a choice list. */
export function applyEdits(choices: readonly string[], edits: readonly WhatIfEdit[]): string[] {
  let list = [...choices];
  const removed = new Set<number>();
  const steps = faultSteps(choices);
  for (const e of edits) {
    const at = steps[e.fault];
    if (at === undefined) throw new UsageError(`fault ${e.fault} does not exist: this trace has ${steps.length} fault(s), numbered 0 to ${steps.length - 1} (see 'racelab replay --verbose')`);
    if (e.kind === 'drop-fault') removed.add(at);
    else {
      const c = parseChoiceKey(list[at]!)!;
      const flipped = parseChoiceKey(`${e.to} ${choiceTarget(c)}`);
      if (!flipped) throw new UsageError(`cannot flip fault ${e.fault} ('${list[at]}') to '${e.to}': that kind does not apply to target '${choiceTarget(c)}'`);
      list[at] = choiceKey(flipped);
    }
  }
  list = list.filter((_, i) => !removed.has(i));
  return list;
}

/** Parses `K` or `K=KIND` values of --drop-fault / --flip-fault into edits. */
export function parseEdits(drops: readonly string[], flips: readonly string[]): WhatIfEdit[] {
  const out: WhatIfEdit[] = [];
  for (const d of drops) {
    if (!/^\d+$/.test(d)) throw new UsageError(`--drop-fault takes a fault number such as 0, got '${d}'`);
    out.push({ kind: 'drop-fault', fault: Number(d) });
  }
  for (const f of flips) {
    const m = /^(\d+)=([a-z]+)$/.exec(f);
    if (!m || !(m[2]! in CHOICE_KIND_RANK)) {
      throw new UsageError(`--flip-fault takes K=KIND such as 0=duplicate (kinds: ${Object.keys(CHOICE_KIND_RANK).join(', ')}), got '${f}'`);
    }
    out.push({ kind: 'flip-fault', fault: Number(m[1]), to: m[2] as ChoiceKind });
  }
  return out;
}

/** Re-runs `choices` (an edited list) and says whether `invariant` is still violated. */
export function rerun(setup: RunSetup, choices: readonly string[], invariant: string | null): WhatIfResult {
  const { record, notEnabled } = followChoices(setup, choices);
  const violation = record.violation;
  return { choices, record, violation, persists: invariant !== null && violation?.invariant === invariant, notEnabled };
}

/** Re-runs a trace with edits applied. */
export function whatIf(setup: RunSetup, trace: TraceV1, edits: readonly WhatIfEdit[]): WhatIfResult {
  return rerun(setup, applyEdits(trace.choices, edits), trace.violation?.invariant ?? null);
}

/** Options of a continued exploration. */
export interface ContinueOptions {
  readonly seed: string;
  readonly executionsMax: number;
  readonly depthMax: number;
  readonly faultProbability: number;
}

/** What continuing from a prefix found. */
export interface ContinueResult {
  readonly prefix: readonly string[];
  readonly executions: number;
  /** The first violating continuation (its choices start with the prefix), or null. */
  readonly violation: ExecutionRecord | null;
  /** Set when the prefix itself could not be followed. */
  readonly notEnabled: { readonly step: number; readonly reason: string } | null;
}

/**
 * Follows `prefix` exactly, then runs up to executionsMax seeded random continuations from
 * there (execution i uses streams derived from (seed, i)); stops at the first violation.
 */
export function continueFrom(setup: RunSetup, prefix: readonly string[], opts: ContinueOptions): ContinueResult {
  const probe = followChoices(setup, prefix);
  if (probe.notEnabled) return { prefix, executions: 0, violation: null, notEnabled: probe.notEnabled };
  if (probe.record.violation) return { prefix, executions: 1, violation: probe.record, notEnabled: null };
  for (let i = 0; i < opts.executionsMax; i++) {
    const tail = randomChooser(opts.seed, i, opts.faultProbability);
    const rec = runExecution(setup, i, (list, w, depth) => {
      if (depth < prefix.length) return list.find((c) => choiceKey(c) === prefix[depth]) ?? null;
      return tail(list, w, depth);
    }, prefix.length + opts.depthMax);
    if (rec.violation) return { prefix, executions: i + 1, violation: rec, notEnabled: null };
  }
  return { prefix, executions: opts.executionsMax, violation: null, notEnabled: null };
}
