// Minimizer: shrink a counterexample's choice list while the same invariant stays violated.
// Owns: delta debugging (Zeller & Hildebrandt 2002, ddmin) over the choice list, in fixed
// phases — cut at the violation, drop faults one by one, ddmin over all choices, then single
// removals until nothing more can go (1-minimal) — and an optional bounded breadth-first
// "shorten" search for a strictly shorter path to the same invariant. Every candidate is replayed
// leniently (harness/minimize-follow.ts: a message choice no longer enabled takes the nearest
// message of the same sender; any other choice no longer enabled ends that candidate). Pure and
// deterministic: the same input gives the same output on every machine.
import { parseChoiceKey, choiceKey, FAULT_CHOICE_KINDS, type Choice } from '../sim/choice.js';
import { worldHash } from '../sim/hash.js';
import { createWorld, enabled, step, type World } from '../sim/world.js';
import { splitFaults, type ExecutionRecord } from './execution.js';
import { checkInvariants, checkTerminal } from './oracles.js';
import { InconclusiveError, InputError } from '../sim/errors.js';
import { sealTrace, type TraceV1 } from '../reports/trace.js';
import { followChoices, replayTrace, setupFromTrace } from './replay.js';
import type { RunSetup } from './setup.js';
import { followLeniently } from './minimize-follow.js';

/** Limits of one minimization; every field has a default (see resolveMinimizeOptions). */
export interface MinimizeOptions {
  /** Candidate replays at most (each replays a whole candidate choice list). */
  readonly candidatesMax: number;
  /**
   * Worlds the unrestricted shorten search may expand at most (the unit of the bfs explorer's
   * executionsMax, whose default is far larger: this search is a cheap attempt, and only when it
   * completes is the result marked shortest). The narrow search that comes first may expand
   * NARROW_BUDGET_FACTOR times as many; 0 turns both searches off.
   */
  readonly searchStatesMax: number;
}

/** Defaults: enough for every built-in counterexample, small enough for CI. */
export const MINIMIZE_DEFAULTS: MinimizeOptions = Object.freeze({ candidatesMax: 5000, searchStatesMax: 1000 });

/** The narrow search (only the fault kinds used) may expand this many times searchStatesMax. */
export const NARROW_BUDGET_FACTOR = 1;

/** What minimization produced. */
export interface MinimizeResult {
  /** The minimized execution (its choices, events and violation are what a trace records). */
  readonly record: ExecutionRecord;
  readonly invariant: string;
  readonly originalChoices: number;
  /** Candidate replays made. */
  readonly candidates: number;
  /** Worlds expanded by the shorten searches (0 when they did not run). */
  readonly searchStates: number;
  /** True when the shorten search finished within its budget (the result is then shortest). */
  readonly shortest: boolean;
  /** Which limit stopped minimization early, if any (result is still a valid counterexample). */
  readonly limitHit: 'candidatesMax' | 'searchStatesMax' | null;
}

interface Ctx {
  readonly setup: RunSetup;
  readonly invariant: string;
  readonly opts: MinimizeOptions;
  candidates: number;
  limitHit: MinimizeResult['limitHit'];
}

/** Replays a candidate; returns its record when it violates the target invariant, else null. */
function attempt(ctx: Ctx, choices: readonly string[]): ExecutionRecord | null {
  if (ctx.candidates >= ctx.opts.candidatesMax) {
    ctx.limitHit = 'candidatesMax';
    return null;
  }
  ctx.candidates++;
  const record = followLeniently(ctx.setup, choices);
  return record.violation?.invariant === ctx.invariant ? record : null;
}

const isFault = (key: string): boolean => {
  const c = parseChoiceKey(key);
  return c !== undefined && FAULT_CHOICE_KINDS.has(c.kind);
};

/** Phase "drop faults": try removing each fault choice, last first. */
function dropFaults(ctx: Ctx, best: ExecutionRecord): ExecutionRecord {
  for (let i = best.choices.length - 1; i >= 0; i--) {
    if (i >= best.choices.length || !isFault(best.choices[i]!)) continue;
    const r = attempt(ctx, [...best.choices.slice(0, i), ...best.choices.slice(i + 1)]);
    if (r) best = r;
  }
  return best;
}

/** Phase "ddmin": remove chunks (complements), halving the chunk size when none can go. */
function ddmin(ctx: Ctx, best: ExecutionRecord): ExecutionRecord {
  let n = 2;
  while (best.choices.length >= 2 && ctx.limitHit === null) {
    const list = best.choices;
    const size = Math.ceil(list.length / n);
    let reduced = false;
    for (let start = 0; start < list.length; start += size) {
      const r = attempt(ctx, [...list.slice(0, start), ...list.slice(start + size)]);
      if (r) {
        best = r;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (reduced) continue;
    if (size <= 1) break;
    n = Math.min(n * 2, list.length);
  }
  return best;
}

/** Phase "1-minimal": remove single choices until no single removal keeps the violation. */
function singles(ctx: Ctx, best: ExecutionRecord): ExecutionRecord {
  let changed = true;
  while (changed && ctx.limitHit === null) {
    changed = false;
    for (let i = best.choices.length - 1; i >= 0; i--) {
      const r = attempt(ctx, [...best.choices.slice(0, i), ...best.choices.slice(i + 1)]);
      if (r) {
        best = r;
        changed = true;
        break;
      }
    }
  }
  return best;
}

/**
 * Judges world `w` reached by the shorten search: 'found' when a run ending here reports the
 * target invariant, 'dead' when another step invariant fails first (runs stop there), else 'open'.
 */
function judge(ctx: Ctx, w: World): 'found' | 'dead' | 'open' {
  const v = checkInvariants(ctx.setup.scenario, w);
  if (v) return v.invariant === ctx.invariant ? 'found' : 'dead';
  if (splitFaults(enabled(w)).ordinary.length > 0) return 'open';
  return checkTerminal(ctx.setup.scenario, w)?.invariant === ctx.invariant ? 'found' : 'open';
}

/**
 * Phase "shorten": breadth-first search from the initial world (visited set of world hashes)
 * for a path shorter than `best` that violates the same invariant, expanding at most `budget`
 * worlds (the unit bfs uses for its executionsMax). Levels are expanded in canonical choice
 * order, so the first path found is the canonically first shortest one in the searched space.
 */
function shorten(ctx: Ctx, best: ExecutionRecord, allow: ((c: Choice) => boolean) | null, budget: number): { choices: string[] | null; states: number; complete: boolean } {
  if (budget === 0 || best.choices.length <= 1) return { choices: null, states: 0, complete: budget > 0 };
  const root = createWorld(ctx.setup.spec);
  const seen = new Set<string>([worldHash(root)]);
  let level: { world: World; path: string[] }[] = [{ world: root, path: [] }];
  let expanded = 0;
  for (let depth = 1; depth < best.choices.length; depth++) {
    const next: { world: World; path: string[] }[] = [];
    for (const node of level) {
      if (++expanded > budget) return { choices: null, states: expanded - 1, complete: false };
      for (const c of enabled(node.world)) {
        if (allow && !allow(c)) continue;
        const w = step(node.world, c).world;
        const h = worldHash(w);
        if (seen.has(h)) continue;
        seen.add(h);
        const path = [...node.path, choiceKey(c)];
        const j = judge(ctx, w);
        if (j === 'found') return { choices: path, states: expanded, complete: true };
        if (j === 'open') next.push({ world: w, path });
      }
    }
    level = next;
  }
  return { choices: null, states: expanded, complete: true };
}

/** Replays a path found by the search (not counted against candidatesMax); null if it fails. */
function adopt(ctx: Ctx, choices: readonly string[]): ExecutionRecord | null {
  ctx.candidates++;
  const { record } = followChoices(ctx.setup, choices);
  return record.violation?.invariant === ctx.invariant ? record : null;
}

/**
 * Minimizes a violating execution: the result violates the same invariant, replays with
 * followChoices, and is never longer than the input.
 */
export function minimizeExecution(setup: RunSetup, original: ExecutionRecord, opts: MinimizeOptions = MINIMIZE_DEFAULTS): MinimizeResult {
  if (!original.violation) throw new Error('[racelab internal bug] minimizeExecution needs a violating execution');
  const ctx: Ctx = { setup, invariant: original.violation.invariant, opts, candidates: 0, limitHit: null };
  let best = attempt(ctx, original.choices) ?? original;
  best = dropFaults(ctx, best);
  best = ddmin(ctx, best);
  best = singles(ctx, best);
  let searchStates = 0;
  let shortest = false;
  if (ctx.limitHit === null && opts.searchStatesMax > 0) {
    // First only the fault kinds the counterexample uses (a much narrower space), then all
    // choices; only a completed unrestricted search proves the result shortest.
    const kinds = new Set(best.choices.map((k) => parseChoiceKey(k)?.kind));
    const narrow = shorten(ctx, best, (c) => !FAULT_CHOICE_KINDS.has(c.kind) || kinds.has(c.kind), opts.searchStatesMax * NARROW_BUDGET_FACTOR);
    searchStates += narrow.states;
    if (narrow.choices) best = adopt(ctx, narrow.choices) ?? best;
    const full = shorten(ctx, best, null, opts.searchStatesMax);
    searchStates += full.states;
    if (full.choices) best = adopt(ctx, full.choices) ?? best;
    shortest = full.complete;
    if (!full.complete) ctx.limitHit = 'searchStatesMax';
  }
  return {
    record: { ...best, index: original.index },
    invariant: ctx.invariant,
    originalChoices: original.choices.length,
    candidates: ctx.candidates,
    searchStates,
    shortest,
    limitHit: ctx.limitHit,
  };
}

/**
 * Minimizes a recorded counterexample trace: replays it first (a trace that does not reproduce
 * is refused with an InconclusiveError naming the first differing step), then minimizes and
 * seals the result. The output keeps the trace's scenario, explorer, seed and execution index.
 */
export function minimizeTrace(trace: TraceV1, source: string, opts: MinimizeOptions = MINIMIZE_DEFAULTS): { trace: TraceV1; result: MinimizeResult } {
  if (!trace.violation) throw new InputError('E_TRACE_NO_VIOLATION', `${source} records no violation, so there is nothing to minimize; pass a counterexample.json`);
  const setup = setupFromTrace(trace, source);
  const replay = replayTrace(trace, source);
  if (!replay.reproduced) {
    throw new InconclusiveError('E_REPLAY_MISMATCH', `${source} does not reproduce (step ${replay.mismatch!.step}: ${replay.mismatch!.reason}); cannot minimize a trace that does not replay`);
  }
  const result = minimizeExecution(setup, { ...replay.record, index: trace.execution }, opts);
  const rec = result.record;
  const originalChoices = trace.minimized?.originalChoices ?? trace.choices.length;
  const { sha256: _old, minimized: _m, ...body } = trace;
  const sealed = sealTrace({
    ...body,
    initial: rec.initial,
    choices: rec.choices,
    events: rec.events,
    violation: rec.violation,
    minimized: { originalChoices, candidates: result.candidates + (trace.minimized?.candidates ?? 0), shortest: result.shortest || trace.minimized?.shortest === true },
  });
  return { trace: sealed, result };
}
