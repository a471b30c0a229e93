// The counterexample trace artifact, racelab.trace/v1: building, writing and validating it.
// Owns: the TraceV1 shape, its canonical bytes (RFC 8785 content with sorted keys, printed with
// two-space indentation) and its sha256 (over the canonical JSON of every other field), and
// parseTrace, which turns untrusted file text into a TraceV1 or an InputError with a one-line
// reason. No wall-clock field appears anywhere in a trace. Field-by-field docs: docs/trace-format.md.
import { canonicalJson, sha256Hex, type Json } from '../sim/canonical.js';
import { InputError } from '../sim/errors.js';
import type { StepEvent } from '../sim/world.js';

export const TRACE_SCHEMA = 'racelab.trace/v1';

/** The violated property recorded in a trace. */
export interface TraceViolation {
  readonly invariant: string;
  readonly message: string;
  readonly step: number;
  readonly phase: 'step' | 'terminal';
}

/** A counterexample (or any recorded execution), self-describing and replayable. */
export interface TraceV1 {
  readonly schema: typeof TRACE_SCHEMA;
  readonly scenario: {
    readonly id: string;
    readonly mutant: string | null;
    readonly params: Readonly<Record<string, number>>;
    readonly definitionHash: string;
  };
  readonly explorer: {
    readonly strategy: string;
    readonly options: Readonly<Record<string, Json>>;
  };
  readonly seed: string;
  /** Execution index within the run that produced it (sampling explorers), else 0. */
  readonly execution: number;
  /** The world before step 0: each actor's state and the messages sent while starting up. */
  readonly initial: {
    readonly states: Readonly<Record<string, string>>;
    readonly sent: readonly { readonly id: string; readonly to: string; readonly type: string; readonly lost?: true }[];
  };
  /** Fault budget the world was built with (all kinds). */
  readonly faults: Readonly<Record<string, number>>;
  readonly choices: readonly string[];
  readonly events: readonly StepEvent[];
  readonly violation: TraceViolation | null;
  /**
   * Present when the choice list was minimized (harness/minimize.ts): the length of the
   * execution the explorer found, candidate replays made, and whether a bounded shortest-path
   * search proved no shorter path to the same invariant exists. `execution` stays the original
   * index. Absent in traces written with --no-minimize.
   */
  readonly minimized?: { readonly originalChoices: number; readonly candidates: number; readonly shortest: boolean };
  readonly sha256: string;
}

export type TraceBody = Omit<TraceV1, 'sha256'>;

/** Seals a trace body with its sha256. */
export function sealTrace(body: TraceBody): TraceV1 {
  const plain = JSON.parse(canonicalJson(body)) as TraceBody;
  return { ...plain, sha256: sha256Hex(canonicalJson(plain)) };
}

/** The exact bytes written for a trace: canonical key order, two-space indent, final newline. */
export function traceText(trace: TraceV1): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(trace)), null, 2)}\n`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function need(cond: boolean, source: string, what: string): asserts cond {
  if (!cond) throw new InputError('E_TRACE_SHAPE', `${source}: ${what}; it is not a well-formed ${TRACE_SCHEMA} file (re-create it with 'racelab explore')`);
}

/**
 * Parses and verifies untrusted trace text; `source` names the file in error messages.
 * `allowEdited` accepts a hand-edited copy whose sha256 no longer matches (what-if replay only).
 */
export function parseTrace(text: string, source: string, opts: { readonly allowEdited?: boolean } = {}): TraceV1 {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 120);
    throw new InputError('E_TRACE_JSON', `${source} is not valid JSON (${why}); the file may be truncated — re-create it with 'racelab explore'`);
  }
  if (!isObj(data) || !('schema' in data)) {
    throw new InputError('E_TRACE_FOREIGN', `${source} is not a racelab trace (no 'schema' field); pass a counterexample.json written by 'racelab explore'`);
  }
  if (data.schema !== TRACE_SCHEMA) {
    throw new InputError('E_TRACE_VERSION', `${source} has schema '${String(data.schema)}', but this racelab reads '${TRACE_SCHEMA}'; re-create the trace with this version`);
  }
  const sc = data.scenario;
  need(isObj(sc) && typeof sc.id === 'string' && typeof sc.definitionHash === 'string' && isObj(sc.params) && (sc.mutant === null || typeof sc.mutant === 'string'), source, "field 'scenario' needs id, mutant, params and definitionHash");
  need(isObj(data.explorer) && typeof data.explorer.strategy === 'string' && isObj(data.explorer.options), source, "field 'explorer' needs strategy and options");
  need(typeof data.seed === 'string', source, "field 'seed' must be a string");
  need(Number.isInteger(data.execution), source, "field 'execution' must be a whole number");
  need(isObj(data.faults) && Object.values(data.faults).every((v) => Number.isInteger(v)), source, "field 'faults' must map fault kinds to whole numbers");
  need(isObj(data.initial) && isObj(data.initial.states) && Array.isArray(data.initial.sent), source, "field 'initial' needs states and sent");
  need(Array.isArray(data.choices) && data.choices.every((c) => typeof c === 'string'), source, "field 'choices' must be an array of strings");
  need(Array.isArray(data.events) && data.events.every(isObj), source, "field 'events' must be an array of objects");
  const v = data.violation;
  need(v === null || (isObj(v) && typeof v.invariant === 'string' && typeof v.message === 'string' && Number.isInteger(v.step) && (v.phase === 'step' || v.phase === 'terminal')), source, "field 'violation' must be null or {invariant, message, step, phase}");
  const mz = data.minimized;
  need(mz === undefined || (isObj(mz) && Number.isInteger(mz.originalChoices) && Number.isInteger(mz.candidates) && typeof mz.shortest === 'boolean'), source, "field 'minimized' must be absent or {originalChoices, candidates, shortest}");
  need(typeof data.sha256 === 'string', source, "field 'sha256' must be a string");
  const { sha256, ...body } = data;
  const actual = sha256Hex(canonicalJson(body));
  if (actual !== sha256 && opts.allowEdited !== true) {
    throw new InputError('E_TRACE_HASH', `${source}: sha256 mismatch (recorded ${String(sha256).slice(0, 12)}…, content hashes to ${actual.slice(0, 12)}…); the file was changed after it was written; use the original file`);
  }
  return data as unknown as TraceV1;
}
