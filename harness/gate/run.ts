// The CI gate: run every declared check, replay every committed seed, decide, and write reports.
// Owns: runGate. A check is `held` only when the claim it requires actually holds (verified:
// a complete exhaustive run; sampled: at least executionsMin executions without violation),
// `violated` when an invariant broke (the minimized trace is saved, replayed and paired with the
// one command that reproduces it), and `inconclusive` when evidence is missing — the budget ran
// out first, a replay did not match, or nondeterminism was detected — with a sentence naming it.
// Exit: 1 on any violation, else 3 on anything inconclusive, else 0.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, RacelabError } from '../../sim/errors.js';
import { traceText, parseTrace } from '../../reports/trace.js';
import { summaryText } from '../../reports/summary.js';
import { htmlPage } from '../../reports/html.js';
import { csvText, rowFromCheck } from '../../reports/csv.js';
import { junitOfGate } from '../../reports/junit.js';
import { markdownOfGate } from '../../reports/markdown.js';
import { gateReportText, GATE_REPORT_SCHEMA, type GateCheckResult, type GateReport, type GateSeedResult } from '../../reports/gate-report.js';
import type { ProgressFn } from '../explore/types.js';
import { replayTrace } from '../replay.js';
import { runExplore, type ExploreRequest, type ExploreRun } from '../run.js';
import { resolveSetup } from '../setup.js';
import { verdictOf } from '../verdict.js';
import { configSha256, type GateCheck, type GateConfig } from './config.js';
import { determinismProbe } from './determinism.js';

/** Thrown from a progress callback to stop an exploration whose time budget ran out. */
class TimeBudgetStop extends Error {
  constructor(readonly executions: number) {
    super('time budget reached');
  }
}

/** Hooks for the CLI: progress display per check and a line sink for what happens. */
export interface GateHooks {
  progress?(check: GateCheck): { fn: ProgressFn; stop(): void };
  /** Wall clock for time budgets and timings.json (injectable for tests). */
  now?(): number;
}

/** Everything a gate run produced. */
export interface GateRun {
  readonly report: GateReport;
  /** Wall-clock milliseconds per check id (also written to timings.json, never to gate.json). */
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly files: { readonly json: string; readonly junit: string; readonly csv: string; readonly markdown: string; readonly timings: string };
}

/** Reads a file the gate is about to replay; a read failure is an InputError naming it. */
function readInput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError('E_READ', `cannot read '${path}' (${(e as { code?: string }).code ?? 'error'}); check the path`);
  }
}

const safeName = (id: string): string => id.replace(/[^\w.-]+/g, '_');

function claimMissing(c: GateCheck, run: ExploreRun): string | null {
  const o = run.outcome;
  const claim = run.summary.claim;
  if (c.require.level === 'verified' && claim.level !== 'verified') {
    return `check '${c.id}': required verified (exhaustive within bounds) but got ${claim.level}: ${claim.evidence}; raise budget.executionsMax or budget.depthMax, or use an exhaustive strategy`;
  }
  if (claim.level === 'absent') return `check '${c.id}': no evidence (${claim.evidence})`;
  if (c.require.level === 'sampled' && o.executions < c.require.executionsMin) {
    return `check '${c.id}': required ${c.require.executionsMin} executions without violation but the budget allowed only ${o.executions} (budget.executionsMax ${c.budget.executionsMax}); raise budget.executionsMax`;
  }
  return null;
}

function base(c: GateCheck): Omit<GateCheckResult, 'verdict' | 'claim' | 'explored' | 'missing' | 'violation' | 'summary'> {
  return { id: c.id, scenario: c.scenario, mutant: c.mutant, params: c.params, strategy: c.strategy, seed: c.seed, budget: c.budget, required: c.require };
}

function inconclusive(c: GateCheck, missing: string): GateCheckResult {
  return { ...base(c), verdict: 'inconclusive', claim: { level: 'absent', evidence: missing }, explored: null, missing, violation: null, summary: null };
}

/** Runs one check's exploration under its time budget. */
function explore(c: GateCheck, hooks: GateHooks, now: () => number): ExploreRun {
  const req: ExploreRequest = {
    ...(c.options as object),
    scenario: c.scenario, mutant: c.mutant, params: c.params, faults: c.faults, strategy: c.strategy, seed: c.seed,
    executionsMax: c.budget.executionsMax, depthMax: c.budget.depthMax ?? undefined,
  };
  const shown = hooks.progress?.(c);
  const t0 = now();
  const fn: ProgressFn = (p) => {
    shown?.fn(p);
    if (c.budget.durationMsMax !== null && now() - t0 > c.budget.durationMsMax) throw new TimeBudgetStop(p.executions);
  };
  try {
    return runExplore(req, fn);
  } finally {
    shown?.stop();
  }
}

/** Runs one check, saving its artifacts under `dir`. */
function runCheck(c: GateCheck, dir: string, hooks: GateHooks, now: () => number): GateCheckResult {
  let run: ExploreRun;
  try {
    run = explore(c, hooks, now);
  } catch (e) {
    if (e instanceof TimeBudgetStop) {
      return inconclusive(c, `check '${c.id}': budget ran out: budget.durationMsMax ${c.budget.durationMsMax} ms was reached before the required coverage (${c.require.level}${c.require.level === 'sampled' ? `, ${c.require.executionsMin} executions` : ''}); raise budget.durationMsMax`);
    }
    if (e instanceof RacelabError && e.exit === 3) return inconclusive(c, `check '${c.id}': ${e.code === 'E_AMBIENT' ? 'nondeterminism detected: ' : ''}${e.message}`);
    throw e;
  }
  const checkDir = join(dir, safeName(c.id));
  mkdirSync(checkDir, { recursive: true });
  const summaryPath = join(checkDir, 'summary.json');
  writeFileSync(summaryPath, summaryText(run.summary));
  const o = run.outcome;
  const explored = { executions: o.executions, steps: o.steps, terminal: o.terminal, depthCut: o.depthCut, complete: o.complete };
  if (run.trace?.violation) {
    const tracePath = join(checkDir, 'counterexample.json');
    const htmlPath = join(checkDir, 'counterexample.html');
    writeFileSync(tracePath, traceText(run.trace));
    writeFileSync(htmlPath, htmlPage(run.trace));
    const replay = replayTrace(parseTrace(readInput(tracePath), tracePath), tracePath);
    if (!replay.reproduced) {
      return { ...inconclusive(c, `check '${c.id}': replay mismatch: the saved trace ${tracePath} did not reproduce (step ${replay.mismatch!.step}: ${replay.mismatch!.reason})`), explored, summary: summaryPath };
    }
    const v = run.trace.violation;
    return {
      ...base(c), verdict: 'violated', claim: verdictOf(run.outcome).claim, explored, missing: null, summary: summaryPath,
      violation: { invariant: v.invariant, message: v.message, step: v.step, choices: run.trace.choices.length, trace: tracePath, html: htmlPath, traceSha256: run.trace.sha256, reproduce: `npx racelab replay ${tracePath}` },
    };
  }
  const probe = determinismProbe(resolveSetup({ scenario: c.scenario, mutant: c.mutant, params: c.params, faults: c.faults }), c.seed, run.options.depthMax);
  if (probe) return { ...inconclusive(c, `check '${c.id}': nondeterminism detected: ${probe}`), explored, summary: summaryPath };
  const missing = claimMissing(c, run);
  const verdict = missing === null ? 'held' : 'inconclusive';
  return { ...base(c), verdict, claim: verdictOf(run.outcome).claim, explored, missing, violation: null, summary: summaryPath };
}

/** Replays every *.json trace in `seedsDir` (sorted by name). */
export function replaySeeds(seedsDir: string): GateSeedResult[] {
  let files: string[];
  try {
    files = readdirSync(seedsDir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [{ file: seedsDir, verdict: 'inconclusive', invariant: null, missing: `seed folder '${seedsDir}' cannot be read; fix 'seeds' in the gate config` }];
  }
  return files.map((f): GateSeedResult => {
    const path = join(seedsDir, f);
    try {
      const r = replayTrace(parseTrace(readInput(path), path), path);
      if (r.reproduced) return { file: path, verdict: 'held', invariant: r.violation?.invariant ?? null, missing: null };
      return { file: path, verdict: 'inconclusive', invariant: null, missing: `replay mismatch: ${path} step ${r.mismatch!.step}: ${r.mismatch!.reason}` };
    } catch (e) {
      if (e instanceof RacelabError) return { file: path, verdict: 'inconclusive', invariant: null, missing: `seed ${path} cannot be replayed: ${e.message}` };
      throw e;
    }
  });
}

/** Runs the gate described by `cfg`, writing every artifact under cfg.out. */
export function runGate(cfg: GateConfig, hooks: GateHooks = {}): GateRun {
  const now = hooks.now ?? (() => Date.now());
  rmSync(cfg.out, { recursive: true, force: true });
  mkdirSync(cfg.out, { recursive: true });
  const timingsMs: Record<string, number> = {};
  const checks = cfg.checks.map((c) => {
    const t0 = now();
    const r = runCheck(c, cfg.out, hooks, now);
    timingsMs[c.id] = now() - t0;
    return r;
  });
  const seeds = cfg.seeds === null ? [] : replaySeeds(cfg.seeds);
  const missing = [...checks.map((c) => c.missing), ...seeds.map((s) => s.missing)].filter((m): m is string => m !== null);
  const verdict = checks.some((c) => c.verdict === 'violated') ? 'violated' : missing.length > 0 ? 'inconclusive' : 'held';
  const report: GateReport = {
    schema: GATE_REPORT_SCHEMA, configSha256: configSha256(cfg), verdict,
    exitCode: verdict === 'violated' ? 1 : verdict === 'inconclusive' ? 3 : 0,
    checks, seeds, missing,
  };
  const files = {
    json: join(cfg.out, 'gate.json'), junit: join(cfg.out, 'junit.xml'), csv: join(cfg.out, 'results.csv'),
    markdown: join(cfg.out, 'summary.md'), timings: join(cfg.out, 'timings.json'),
  };
  writeFileSync(files.json, gateReportText(report));
  writeFileSync(files.junit, junitOfGate(report));
  writeFileSync(files.csv, csvText(checks.map(rowFromCheck)));
  writeFileSync(files.markdown, markdownOfGate(report));
  writeFileSync(files.timings, `${JSON.stringify({ note: 'wall-clock milliseconds per check; not part of any canonical artifact', checks: timingsMs }, null, 2)}\n`);
  return { report, timingsMs, files };
}
