// Running one work unit from plain data: the function a pool worker calls (and the in-process
// path calls directly). Owns: rebuilding the RunSetup and options from the user's request (cached
// per request inside a worker), the kill test hook, and turning a user error raised by the model
// (RacelabError) into data so the coordinator can order it like a violation.
import { canonicalJson, type Json } from '../../sim/canonical.js';
import { RacelabError } from '../../sim/errors.js';
import { resolveExploreOptions } from '../run.js';
import { resolveSetup, type RunSetup } from '../setup.js';
import type { ExploreOptions } from '../explore/types.js';
import { splitterFor, SUBTREE_SPLITTERS, type PoolRequest } from './plans.js';
import { findExplorer } from '../explore/registry.js';
import type { UnitResult, UnitTask } from './units.js';

/** Thrown (in-process) or exited-with (worker) when the kill hook fires. */
export const KILL_EXIT_CODE = 86;

/** Marker in the message of a simulated worker death. */
export const KILLED_MESSAGE = 'worker killed by the test hook';

const cache = new Map<string, { setup: RunSetup; options: ExploreOptions }>();

/**
 * Options of a request. A strategy the pool can split on its own (dpor, through dporSearch) is
 * accepted even before an explorer of that name is registered for sequential runs.
 */
function optionsOf(request: PoolRequest, setup: RunSetup): ExploreOptions {
  const name = request.strategy;
  if (name === undefined || findExplorer(name) || request.split !== true || !SUBTREE_SPLITTERS[name]) return resolveExploreOptions(request, setup);
  return Object.freeze({ ...resolveExploreOptions({ ...request, strategy: undefined }, setup), strategy: name });
}

/** The resolved setup and options of a request, cached by its canonical JSON. */
export function resolvedOf(request: PoolRequest): { setup: RunSetup; options: ExploreOptions } {
  const key = canonicalJson(request as unknown as Json);
  let hit = cache.get(key);
  if (!hit) {
    const setup = resolveSetup(request);
    hit = { setup, options: optionsOf(request, setup) };
    if (cache.size >= 8) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

/** True when the kill hook asks this attempt of this unit to die. */
export function killRequested(task: UnitTask): boolean {
  return task.kill !== null && task.kill.unit === task.unit.id && task.attempt <= task.kill.times;
}

/** Runs one unit; user errors come back as data, anything else throws (and is retried). */
export function runUnitTask(task: UnitTask): UnitResult {
  const { id, ord } = task.unit;
  try {
    const { setup, options } = resolvedOf(task.request);
    const out = splitterFor(options.strategy, (task.request as PoolRequest).split === true).run(setup, options, task.unit);
    if ('feedback' in out) return { id, ord, outcome: out.outcome, error: null, feedback: out.feedback };
    return { id, ord, outcome: out, error: null };
  } catch (e) {
    if (e instanceof RacelabError) return { id, ord, outcome: null, error: { code: e.code, message: e.message, exit: e.exit } };
    throw e;
  }
}
