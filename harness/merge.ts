// Joining shard reports (racelab.shard/v1) into the run a single machine would have produced.
// Owns: checking that the reports belong to one run (same scenario definition, resolved options,
// plan and shard count; no shard twice), then merging their unit results in plan order through
// the same combine/finish path as the worker pool — so the summary and counterexample are
// byte-identical to a single-machine run. A missing shard or lost unit is named, never skipped.
import { canonicalJson, type Json } from '../sim/canonical.js';
import { InconclusiveError, InputError, UsageError } from '../sim/errors.js';
import { combineResults } from './pool/combine.js';
import { finishRun } from './pool/finish.js';
import { splitterFor, type PoolRequest } from './pool/plans.js';
import { resolvedOf } from './pool/task.js';
import type { UnitResult, WorkUnit } from './pool/units.js';
import type { ExploreRun } from './run.js';
import { planHash, shardOfUnit, type ShardReport } from './shard.js';

/** A merge: the joined run and which shards were present. */
export interface MergedRun {
  readonly run: ExploreRun;
  readonly shards: { readonly count: number; readonly present: readonly number[]; readonly missing: readonly number[] };
}

function sameRun(a: ShardReport, b: ShardReport, sources: readonly [string, string]): void {
  const diff = (what: string): never => {
    throw new InputError('E_SHARD_MISMATCH', `${sources[1]} belongs to a different run than ${sources[0]} (${what} differs); merge only the shard reports of one 'racelab explore --shard i/N' run`);
  };
  if (a.definitionHash !== b.definitionHash) diff('scenario definition');
  if (canonicalJson(a.request as unknown as Json) !== canonicalJson(b.request as unknown as Json)) diff('request (scenario, mutant, parameters, faults, strategy, seed or bounds)');
  if (canonicalJson(a.options as unknown as Json) !== canonicalJson(b.options as unknown as Json)) diff('exploration options');
  if (a.plan.hash !== b.plan.hash) diff('work plan');
  if (a.shard.count !== b.shard.count) diff('shard count');
}

/** The plan, plus the later-round units round-based shards planned (split DPOR), by ord. */
function unitsOf(plan: readonly WorkUnit[], reports: readonly ShardReport[]): WorkUnit[] {
  const byOrd = new Map<number, WorkUnit>(plan.map((u) => [u.ord, u]));
  for (const r of reports) for (const u of r.units ?? []) if (!byOrd.has(u.ord)) byOrd.set(u.ord, u);
  return [...byOrd.values()];
}

/** Merges shard reports (each named by its source, for messages) into one run. */
export function mergeShardReports(reports: readonly { report: ShardReport; source: string }[]): MergedRun {
  if (reports.length === 0) throw new UsageError('merge needs at least one shard report (shard-*.json written by racelab explore --shard i/N)');
  const first = reports[0]!;
  const seen = new Map<number, string>();
  for (const r of reports) {
    sameRun(first.report, r.report, [first.source, r.source]);
    const prev = seen.get(r.report.shard.index);
    if (prev !== undefined) throw new InputError('E_SHARD_TWICE', `shard ${r.report.shard.index}/${r.report.shard.count} is given twice (${prev} and ${r.source}); pass each shard once`);
    seen.set(r.report.shard.index, r.source);
  }
  const { request } = first.report;
  let resolved: ReturnType<typeof resolvedOf>;
  try {
    resolved = resolvedOf(request);
  } catch (e) {
    if (e instanceof UsageError) throw new InputError('E_SHARD_REQUEST', `${first.source}: its request cannot run here (${e.message}); merge with the racelab version that ran the shards`);
    throw e;
  }
  const { setup, options } = resolved;
  if (setup.definitionHash !== first.report.definitionHash) {
    throw new InconclusiveError('E_DEFINITION_CHANGED', `${first.source}: scenario '${setup.scenario.id}' has changed since the shards ran; re-run the shards with this racelab version`);
  }
  const splitter = splitterFor(options.strategy, (request as PoolRequest).split === true);
  const plan = splitter.plan(setup, options);
  if (planHash(plan) !== first.report.plan.hash) {
    throw new InputError('E_SHARD_PLAN', `${first.source}: its work plan differs from the plan this racelab makes for the same request; merge with the racelab version that ran the shards`);
  }
  const results = new Map<number, UnitResult>();
  const reasons = new Map<string, string>();
  const count = first.report.shard.count;
  for (const { report, source } of reports) {
    for (const u of report.results) {
      if (shardOfUnit(u as unknown as WorkUnit, count, splitter.shardOf) !== report.shard.index) throw new InputError('E_SHARD_SHAPE', `${source}: unit ${u.id} does not belong to shard ${report.shard.index}/${count}; re-run that shard`);
      results.set(u.ord, u);
    }
    for (const l of report.lost) reasons.set(l.id, `was lost in shard ${report.shard.index}/${count} (${l.reason})`);
    for (const n of report.notRun) reasons.set(n.id, `was not run by shard ${report.shard.index}/${count} (${n.reason})`);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  for (const u of plan) {
    const s = shardOfUnit(u, count, splitter.shardOf);
    if (missing.includes(s)) reasons.set(u.id, `has no report: shard ${s}/${count} is missing`);
  }
  const combined = combineResults(options.strategy, unitsOf(plan, reports.map((r) => r.report)), results);
  const run = finishRun(request, setup, options, combined, reasons);
  return { run, shards: { count, present: [...seen.keys()].sort((a, b) => a - b), missing } };
}
