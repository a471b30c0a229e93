// CSV rows per scenario × explorer × mutant, written with csv-stringify.
// Owns: ResultRow (one flat row of what a run or gate check explored and found), the fixed
// column order, and csvText. Rows come from run summaries (racelab.summary/v1) or gate checks
// (racelab.gate/v1); the writer copies verdicts, it never decides them. No wall-clock column.
import { stringify } from 'csv-stringify/sync';
import type { GateCheckResult } from './gate-report.js';
import type { RunSummary } from './summary.js';

/** One row: a scenario × explorer × mutant result. */
export interface ResultRow {
  readonly check: string;
  readonly scenario: string;
  readonly mutant: string;
  readonly strategy: string;
  readonly seed: string;
  readonly verdict: string;
  readonly claim_level: string;
  readonly executions: number | '';
  readonly steps: number | '';
  readonly complete: boolean | '';
  readonly depth_cut: number | '';
  readonly violated_invariant: string;
  readonly violation_step: number | '';
  readonly trace_sha256: string;
  readonly missing: string;
}

/** Column order of every racelab CSV. */
export const CSV_COLUMNS: readonly (keyof ResultRow)[] = [
  'check', 'scenario', 'mutant', 'strategy', 'seed', 'verdict', 'claim_level', 'executions', 'steps', 'complete',
  'depth_cut', 'violated_invariant', 'violation_step', 'trace_sha256', 'missing',
];

/** The row of one run summary (`check` is the summary's scenario[.mutant]/strategy). */
export function rowFromSummary(s: RunSummary): ResultRow {
  const v = s.violation;
  return {
    check: `${s.scenario.id}${s.scenario.mutant ? `.${s.scenario.mutant}` : ''}/${s.strategy}`,
    scenario: s.scenario.id, mutant: s.scenario.mutant ?? '', strategy: s.strategy, seed: s.seed,
    verdict: s.verdict, claim_level: s.claim.level,
    executions: s.explored.executions, steps: s.explored.steps, complete: s.explored.complete, depth_cut: s.explored.depthCut,
    violated_invariant: v?.invariant ?? '', violation_step: v?.step ?? '', trace_sha256: v?.traceSha256 ?? '', missing: '',
  };
}

/** The row of one gate check. */
export function rowFromCheck(c: GateCheckResult): ResultRow {
  const v = c.violation;
  const e = c.explored;
  return {
    check: c.id, scenario: c.scenario, mutant: c.mutant ?? '', strategy: c.strategy, seed: c.seed,
    verdict: c.verdict, claim_level: c.claim.level,
    executions: e?.executions ?? '', steps: e?.steps ?? '', complete: e?.complete ?? '', depth_cut: e?.depthCut ?? '',
    violated_invariant: v?.invariant ?? '', violation_step: v?.step ?? '', trace_sha256: v?.traceSha256 ?? '', missing: c.missing ?? '',
  };
}

/** CSV text (header row, then rows in the order given; RFC 4180 quoting by csv-stringify). */
export function csvText(rows: readonly ResultRow[]): string {
  return stringify(rows.map((r) => CSV_COLUMNS.map((k) => r[k])), {
    header: true,
    columns: CSV_COLUMNS.map((k) => ({ key: String(CSV_COLUMNS.indexOf(k)), header: k })),
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  });
}
