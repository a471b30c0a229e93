// The benchmark harness's shapes: a suite, the tables it produces and the context it runs in.
// Owns: BenchSuite (one file per suite under harness/bench/, listed in suites.ts), BenchTable
// (one CSV file each) and BenchContext (quick mode for tests, logging). Benchmarks measure and
// write CSV; they never assert timings, and nothing here is a canonical artifact.

/** A cell of a CSV row. */
export type Cell = string | number | boolean | null;

/** One CSV file: its name under the output folder, its columns and its rows. */
export interface BenchTable {
  /** File name, e.g. `kernel.csv`. */
  readonly file: string;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

/** What a suite gets from the runner. */
export interface BenchContext {
  /** Tiny budgets (for tests and smoke runs); the figures are then meaningless. */
  readonly quick: boolean;
  /** Progress line to stderr. */
  log(line: string): void;
}

/** A benchmark suite: a named group of measurements that returns one or more CSV tables. */
export interface BenchSuite {
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  run(ctx: BenchContext): Promise<readonly BenchTable[]>;
}

/** Columns of a tinybench hot-path table (the fixed row shape). */
export const MICRO_COLUMNS = Object.freeze(['suite', 'name', 'ops_per_s', 'mean_ms', 'p50_ms', 'p99_ms', 'samples'] as const);
