// The mutant kill matrix: every scenario × mutant × explorer in the registries, each run with the
// same default budget, recording whether the mutant was found, after how many executions, and
// which invariant it violated. Owns: the matrix plan (a fixed order: scenarios, then mutants, then
// explorers, each in registry order), running one cell through the explorer directly (no worker
// pool, no minimization — the matrix measures detection, not traces) and the per-mutant kill
// verdict. A mutant is killed when at least one explorer violates the invariant the mutant names.
import { UsageError } from '../sim/errors.js';
import type { MatrixRow } from '../reports/matrix-csv.js';
import { SCENARIOS } from '../scenarios/registry.js';
import type { Scenario } from '../scenarios/types.js';
import { EXPLORERS, findExplorer } from './explore/registry.js';
import { resolveExploreOptions } from './run.js';
import { resolveSetup } from './setup.js';

/** The default budget of one matrix cell, in executions. */
export const MATRIX_EXECUTIONS_MAX_DEFAULT = 1000;

/** What to run; every field has a default. */
export interface MatrixRequest {
  readonly seed?: string;
  readonly executionsMax?: number;
  /** Explorer names (default: every registered explorer). */
  readonly explorers?: readonly string[];
  /** Scenario ids (default: every registered scenario that has mutants). */
  readonly scenarios?: readonly string[];
  /** Mutant names to keep (default: every mutant of the chosen scenarios). */
  readonly mutants?: readonly string[];
  /** Stop trying explorers for a mutant once one has killed it (for the CI check). */
  readonly stopWhenKilled?: boolean;
  /** Called after each cell. */
  readonly onCell?: (cell: MatrixCell) => void;
}

/** One scenario × mutant × explorer result (the row shape matrix.csv is written from). */
export type MatrixCell = MatrixRow;

/** Per-mutant kill verdict. */
export interface MutantKill {
  readonly scenario: string;
  readonly mutant: string;
  readonly expected: string;
  /** Explorers that violated the named invariant. */
  readonly killedBy: readonly string[];
}

/** The matrix: cells in plan order and the kill verdict per mutant. */
export interface MatrixResult {
  readonly cells: readonly MatrixCell[];
  readonly mutants: readonly MutantKill[];
  readonly survivors: readonly MutantKill[];
}

function pickScenarios(ids: readonly string[] | undefined): Scenario[] {
  if (!ids) return SCENARIOS.filter((s) => s.mutants.length > 0);
  return ids.map((id) => {
    const s = SCENARIOS.find((x) => x.id === id);
    if (!s) throw new UsageError(`unknown scenario '${id}' in --scenarios; known scenarios: ${SCENARIOS.map((x) => x.id).join(', ')}`);
    return s;
  });
}

function pickExplorers(names: readonly string[] | undefined): string[] {
  const all = EXPLORERS.map((e) => e.name);
  if (!names) return all;
  for (const n of names) if (!findExplorer(n)) throw new UsageError(`unknown explorer '${n}' in --explorers; explorers: ${all.join(', ')}`);
  return [...names];
}

/** Runs one cell. */
export function runCell(scenario: Scenario, mutant: string, explorer: string, seed: string, executionsMax: number): MatrixCell {
  const setup = resolveSetup({ scenario: scenario.id, mutant });
  const options = resolveExploreOptions({ scenario: scenario.id, strategy: explorer, seed, executionsMax }, setup);
  const outcome = findExplorer(explorer)!.explore(setup, options);
  const v = outcome.violation?.violation ?? null;
  const expected = scenario.mutants.find((m) => m.name === mutant)!.expect;
  return { scenario: scenario.id, mutant, explorer, found: v !== null, executions: outcome.executions, invariant: v?.invariant ?? '', expected, seed, executionsMax };
}

/** Runs the matrix. */
export function runMatrix(req: MatrixRequest = {}): MatrixResult {
  const seed = req.seed ?? '1';
  const executionsMax = req.executionsMax ?? MATRIX_EXECUTIONS_MAX_DEFAULT;
  if (!Number.isInteger(executionsMax) || executionsMax < 1) throw new UsageError(`--executions must be a whole number >= 1, got ${String(req.executionsMax)}`);
  const explorers = pickExplorers(req.explorers);
  const cells: MatrixCell[] = [];
  const mutants: MutantKill[] = [];
  for (const s of pickScenarios(req.scenarios)) {
    for (const m of s.mutants.filter((x) => !req.mutants || req.mutants.includes(x.name))) {
      const killedBy: string[] = [];
      for (const e of explorers) {
        if (req.stopWhenKilled && killedBy.length > 0) break;
        const cell = runCell(s, m.name, e, seed, executionsMax);
        cells.push(cell);
        req.onCell?.(cell);
        if (cell.invariant === m.expect) killedBy.push(e);
      }
      mutants.push({ scenario: s.id, mutant: m.name, expected: m.expect, killedBy });
    }
  }
  return { cells, mutants, survivors: mutants.filter((k) => k.killedBy.length === 0) };
}
