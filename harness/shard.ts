// Sharding: `--shard i/N` runs a deterministic slice of the same work on another machine.
// Owns: parsing `i/N` (0-based, so a Kubernetes JOB_COMPLETION_INDEX can be passed as is), which
// units belong to a shard (plan positions ord ≡ i mod N — the plan depends only on the request),
// and the shard report artifact racelab.shard/v1 (canonical JSON, no wall-clock field) that
// `racelab merge` joins. A shard decides no verdict: only the merge of all shards can.
import { canonicalJson, hashValue, type Json } from '../sim/canonical.js';
import { InputError, UsageError } from '../sim/errors.js';
import type { ExploreOptions } from './explore/types.js';
import type { ExploreRequest } from './run.js';
import type { RunSetup } from './setup.js';
import type { LostUnit, UnitResult, WorkUnit } from './pool/units.js';

export const SHARD_SCHEMA = 'racelab.shard/v1';

/** Shard i of N (0 ≤ i < N). */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/N` (0-based index); names the fix on bad input. */
export function parseShard(text: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new UsageError(`--shard takes i/N with 0 <= i < N (e.g. 0/4 … 3/4; a Kubernetes JOB_COMPLETION_INDEX works as i), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 10_000) throw new UsageError(`--shard ${text}: N must be from 1 to 10000`);
  if (index >= count) throw new UsageError(`--shard ${text}: i is 0-based and must be below N (use ${count - 1}/${count} for the last shard)`);
  return { index, count };
}

/** The shard of `count` a unit belongs to: the splitter's rule (split DPOR: by group), else ord mod count. */
export function shardOfUnit(u: WorkUnit, count: number, shardOf?: (u: WorkUnit, count: number) => number): number {
  return shardOf ? shardOf(u, count) : u.ord % count;
}

/** The units of `plan` that shard `s` runs. */
export function shardUnits(plan: readonly WorkUnit[], s: ShardSpec, shardOf?: (u: WorkUnit, count: number) => number): WorkUnit[] {
  return plan.filter((u) => shardOfUnit(u, s.count, shardOf) === s.index);
}

/** Hash of a plan (unit ids and specs in order): shards of one run agree on it. */
export function planHash(plan: readonly WorkUnit[]): string {
  return hashValue(plan.map((u) => [u.ord, u.id, u.spec]) as unknown as Json);
}

/** One shard's results. */
export interface ShardReport {
  readonly schema: typeof SHARD_SCHEMA;
  /** The request exactly as given (a merge rebuilds the setup from it). */
  readonly request: ExploreRequest;
  readonly definitionHash: string;
  /** Resolved options; all shards of one run must agree. */
  readonly options: ExploreOptions;
  readonly shard: ShardSpec;
  readonly plan: { readonly units: number; readonly hash: string };
  /** Units of this shard that completed, by plan position. */
  readonly results: readonly UnitResult[];
  /** Units of this shard that were lost twice. */
  readonly lost: readonly LostUnit[];
  /** Units of this shard not run, and why (interrupted, or after a violation in this shard). */
  readonly notRun: readonly { readonly id: string; readonly ord: number; readonly reason: string }[];
  /** Round-based splits (split DPOR): every unit this shard planned, over all its rounds. */
  readonly units?: readonly WorkUnit[];
}

/** Builds a shard report. */
export function buildShardReport(
  request: ExploreRequest, setup: RunSetup, options: ExploreOptions, shard: ShardSpec, plan: readonly WorkUnit[],
  results: readonly UnitResult[], lost: readonly LostUnit[], notRun: ShardReport['notRun'], units?: readonly WorkUnit[],
): ShardReport {
  const report: ShardReport = {
    schema: SHARD_SCHEMA, request, definitionHash: setup.definitionHash, options, shard,
    plan: { units: plan.length, hash: planHash(plan) },
    results: [...results].sort((a, b) => a.ord - b.ord), lost, notRun,
    ...(units ? { units: [...units].sort((a, b) => a.ord - b.ord) } : {}),
  };
  return JSON.parse(canonicalJson(report as unknown as Json)) as ShardReport;
}

/** Canonical bytes of a shard report. */
export function shardText(r: ShardReport): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(r as unknown as Json)), null, 2)}\n`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses untrusted shard report text; `source` names the file in errors. */
export function parseShardReport(text: string, source: string): ShardReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError('E_SHARD_JSON', `${source} is not valid JSON (${e instanceof Error ? e.message : String(e)}); the file may be truncated — re-run that shard`);
  }
  if (!isObj(data) || data.schema !== SHARD_SCHEMA) {
    throw new InputError('E_SHARD_FOREIGN', `${source} is not a ${SHARD_SCHEMA} report; pass the shard-*.json files written by 'racelab explore --shard i/N'`);
  }
  const ok = isObj(data.request) && typeof data.request.scenario === 'string' && typeof data.definitionHash === 'string' && isObj(data.options)
    && isObj(data.shard) && Number.isInteger(data.shard.index) && Number.isInteger(data.shard.count)
    && isObj(data.plan) && Number.isInteger(data.plan.units) && typeof data.plan.hash === 'string'
    && Array.isArray(data.results) && data.results.every((r) => isObj(r) && Number.isInteger(r.ord) && typeof r.id === 'string')
    && Array.isArray(data.lost) && Array.isArray(data.notRun)
    && (data.units === undefined || (Array.isArray(data.units) && data.units.every((u) => isObj(u) && Number.isInteger(u.ord) && typeof u.id === 'string' && isObj(u.spec))));
  if (!ok) throw new InputError('E_SHARD_SHAPE', `${source}: missing or malformed fields (request, definitionHash, options, shard, plan, results, lost, notRun); re-run that shard`);
  return data as unknown as ShardReport;
}
