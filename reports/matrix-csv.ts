// CSV of the mutant kill matrix (racelab matrix), written with csv-stringify.
// Owns: the matrix columns and their order. One row per scenario × mutant × explorer; `named` says
// whether the violated invariant is the one the mutant names. No wall-clock column, and rows keep
// the plan order they are given, so the bytes depend only on the registries, seed and budget.
import { stringify } from 'csv-stringify/sync';

/** The fields of one matrix row (structural, so reports/ does not import the harness). */
export interface MatrixRow {
  readonly scenario: string;
  readonly mutant: string;
  readonly explorer: string;
  /** A violation of any invariant was found. */
  readonly found: boolean;
  /** Executions run up to and including the first violating one (all executions run when not found). */
  readonly executions: number;
  /** The invariant violated ('' when not found). */
  readonly invariant: string;
  /** The invariant the mutant names. */
  readonly expected: string;
  readonly seed: string;
  readonly executionsMax: number;
}

/** Column order of matrix.csv. */
export const MATRIX_COLUMNS = Object.freeze([
  'scenario', 'mutant', 'explorer', 'found', 'executions_run', 'executions_to_first_violation', 'invariant', 'expected_invariant', 'named', 'seed', 'executions_max',
] as const);

/** CSV text of the matrix rows (header first). */
export function matrixCsv(rows: readonly MatrixRow[]): string {
  return stringify(rows.map((r) => [
    r.scenario, r.mutant, r.explorer, r.found ? 'yes' : 'no', r.executions, r.found ? r.executions : '', r.invariant, r.expected,
    r.found && r.invariant === r.expected ? 'yes' : 'no', r.seed, r.executionsMax,
  ]), { header: true, columns: [...MATRIX_COLUMNS] });
}
