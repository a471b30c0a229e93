// CSV output of the benchmark harness (csv-stringify): one file per BenchTable, columns in the
// table's declared order, rows in the order the suite produced them (never hash-map order).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { BenchTable } from './types.js';

/** CSV text of a table, header first. */
export function tableCsv(t: BenchTable): string {
  return stringify(t.rows.map((r) => t.columns.map((c) => r[c] ?? '')), { header: true, columns: [...t.columns] });
}

/** Writes each table to `dir/<file>`; returns the paths written. */
export function writeTables(dir: string, tables: readonly BenchTable[]): string[] {
  mkdirSync(dir, { recursive: true });
  return tables.map((t) => {
    const path = join(dir, t.file);
    writeFileSync(path, tableCsv(t));
    return path;
  });
}
