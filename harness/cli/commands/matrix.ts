// `racelab matrix`: the mutant kill matrix — every scenario × mutant × explorer within one budget,
// written as CSV (<out>/matrix.csv) with a per-mutant summary on stdout. Exit 0 when every mutant
// is killed (its named invariant violated by at least one explorer), 3 when some mutant survives
// (the lab's evidence of its own sensitivity is missing).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { matrixCsv } from '../../../reports/matrix-csv.js';
import { MATRIX_EXECUTIONS_MAX_DEFAULT, runMatrix } from '../../matrix.js';
import { EXIT } from '../../verdict.js';
import type { Io } from '../io.js';

export const MATRIX_HELP = `Usage: racelab matrix [options]

Runs every scenario × mutant × explorer (random, pct, swarm and any other registered strategy)
with the same budget and writes <out>/matrix.csv: found, executions to the first violation and
the invariant violated, per cell. A mutant is killed when some explorer violates the invariant
the mutant names.

Options:
  --out DIR              output folder (default out/matrix)
  --executions N         executions per cell at most (default ${MATRIX_EXECUTIONS_MAX_DEFAULT})
  --seed S               root seed of every cell (default 1)
  --explorers a,b        explorers to run (default: all registered)
  --scenarios a,b        scenarios to run (default: all with mutants)
  --quiet                print nothing; rely on the exit code and the CSV
  -h, --help             show this help

Exit codes: 0 every mutant killed, 2 bad usage, 3 some mutant survived the budget.`;

/** Options of `racelab matrix`. */
export interface MatrixCommandOptions {
  readonly out?: string;
  readonly executionsMax?: number;
  readonly seed?: string;
  readonly explorers?: readonly string[];
  readonly scenarios?: readonly string[];
  readonly quiet?: boolean;
}

/** Runs the matrix, writes matrix.csv and prints the per-mutant summary. */
export function matrixCommand(opts: MatrixCommandOptions, io: Io): number {
  const result = runMatrix({ seed: opts.seed, executionsMax: opts.executionsMax, explorers: opts.explorers, scenarios: opts.scenarios });
  const outDir = opts.out ?? join('out', 'matrix');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'matrix.csv');
  writeFileSync(file, matrixCsv(result.cells));
  const code = result.survivors.length === 0 ? EXIT.held : EXIT.inconclusive;
  if (opts.quiet) return code;
  const first = result.cells[0];
  io.out(`racelab matrix · ${result.mutants.length} mutants × ${new Set(result.cells.map((c) => c.explorer)).size} explorers · seed ${first?.seed ?? opts.seed ?? '1'} · ${first?.executionsMax ?? opts.executionsMax ?? MATRIX_EXECUTIONS_MAX_DEFAULT} executions per cell`);
  for (const k of result.mutants) {
    const cells = result.cells.filter((c) => c.scenario === k.scenario && c.mutant === k.mutant);
    const detail = cells.map((c) => `${c.explorer} ${c.found ? `${c.invariant === k.expected ? '✓' : `≠ ${c.invariant}`} @${c.executions}` : '—'}`).join(', ');
    io.out(`  ${k.killedBy.length > 0 ? 'KILLED ' : 'SURVIVED'} ${k.scenario}/${k.mutant} (expects ${k.expected}): ${detail}`);
  }
  io.out(result.survivors.length === 0
    ? `every mutant killed · csv: ${file}`
    : `${result.survivors.length} mutant(s) survived: ${result.survivors.map((k) => `${k.scenario}/${k.mutant}`).join(', ')} · raise --executions or fix the oracle · csv: ${file}`);
  return code;
}
