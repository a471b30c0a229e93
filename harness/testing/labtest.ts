// A vitest helper so users can run explorations inside their own test suites.
// Owns: labRun (run one exploration and judge it against an expectation, returning a readable
// failure that names the saved trace and the command that reproduces it) and labTest (declares
// a vitest test around labRun). Import it from racelab's dist/harness/testing/labtest.js; it is
// kept out of harness/index.ts so the library does not need vitest at run time.
//
//   import { labTest } from 'racelab/dist/harness/testing/labtest.js';
//   labTest('leases', { strategy: 'random', budget: { executionsMax: 300 } });
//   labTest('leases', { mutant: 'unfenced-store', expect: { violated: 'stale-or-unfenced-rejected' } });
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { traceText } from '../../reports/trace.js';
import { htmlPage } from '../../reports/html.js';
import { runExplore, type ExploreRun } from '../run.js';

/** What a lab test runs and expects. */
export interface LabTestOptions {
  readonly strategy?: string;
  readonly seed?: string;
  readonly mutant?: string | null;
  readonly params?: Readonly<Record<string, number>>;
  readonly faults?: Readonly<Record<string, number>>;
  readonly budget?: { readonly executionsMax?: number; readonly depthMax?: number };
  /** 'held' (default): no invariant may break. `{ violated: id }`: that invariant must break. */
  readonly expect?: 'held' | { readonly violated: string };
  /** Where a counterexample is saved (default out/labtest/<scenario>[.<mutant>]/<strategy>). */
  readonly outDir?: string;
  /** vitest timeout in ms (default 60 000). */
  readonly timeoutMs?: number;
}

/** The outcome of labRun: ok, or a failure message that says how to reproduce it. */
export interface LabResult {
  readonly ok: boolean;
  readonly message: string;
  readonly run: ExploreRun;
  /** Path of the saved counterexample, when there is one. */
  readonly tracePath: string | null;
}

/** Runs one exploration and judges it against `opts.expect`. */
export function labRun(scenario: string, opts: LabTestOptions = {}): LabResult {
  const strategy = opts.strategy ?? 'random';
  const run = runExplore({
    scenario, mutant: opts.mutant ?? null, params: opts.params, faults: opts.faults, strategy, seed: opts.seed ?? '1',
    executionsMax: opts.budget?.executionsMax, depthMax: opts.budget?.depthMax,
  });
  let tracePath: string | null = null;
  if (run.trace) {
    const dir = opts.outDir ?? join('out', 'labtest', `${scenario}${opts.mutant ? `.${opts.mutant}` : ''}`, strategy);
    mkdirSync(dir, { recursive: true });
    tracePath = join(dir, 'counterexample.json');
    writeFileSync(tracePath, traceText(run.trace));
    writeFileSync(join(dir, 'counterexample.html'), htmlPage(run.trace));
  }
  const v = run.trace?.violation ?? null;
  const expectation = opts.expect ?? 'held';
  const where = tracePath ? `\n  trace: ${tracePath}\n  reproduce: npx racelab replay ${tracePath}` : '';
  if (expectation === 'held') {
    if (v) return { ok: false, run, tracePath, message: `${scenario}: invariant '${v.invariant}' violated at step ${v.step}: ${v.message}${where}` };
    if (run.summary.verdict !== 'held') return { ok: false, run, tracePath, message: `${scenario}: inconclusive — ${run.summary.claim.evidence}` };
    return { ok: true, run, tracePath, message: `${scenario}: held (${run.summary.claim.level}: ${run.summary.claim.evidence})` };
  }
  if (!v) return { ok: false, run, tracePath, message: `${scenario}: expected '${expectation.violated}' to be violated, but ${run.summary.claim.evidence}; raise budget.executionsMax or check the mutant` };
  if (v.invariant !== expectation.violated) return { ok: false, run, tracePath, message: `${scenario}: expected '${expectation.violated}' to be violated, but '${v.invariant}' was: ${v.message}${where}` };
  return { ok: true, run, tracePath, message: `${scenario}: '${v.invariant}' violated as expected${where}` };
}

/** Declares a vitest test that runs labRun and fails with its message. */
export function labTest(scenario: string, opts: LabTestOptions = {}, name?: string): void {
  const what = opts.expect && opts.expect !== 'held' ? `violates ${opts.expect.violated}` : 'holds';
  const title = name ?? `racelab: ${scenario}${opts.mutant ? ` (mutant ${opts.mutant})` : ''} ${what} under ${opts.strategy ?? 'random'}`;
  it(title, () => {
    const r = labRun(scenario, opts);
    if (!r.ok) throw new Error(r.message);
  }, opts.timeoutMs ?? 60_000);
}
