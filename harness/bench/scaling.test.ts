// Smoke test of the `scaling` benchmark suite in quick mode: it writes scaling.csv with a row per
// worker count for the sampling and two DPOR workloads and the control loop, and the merged outcome
// hash is the same for every worker count. Figures are never asserted (they measure the machine).
import { describe, expect, it } from 'vitest';
import { tableCsv } from './csv.js';
import { scalingSuite } from './scaling.js';

describe('bench suite scaling (quick mode)', () => {
  it('writes one row per workload and worker count, with equal outcomes across worker counts', async () => {
    const [table, ...rest] = await scalingSuite.run({ quick: true, log: () => {} });
    expect(rest).toEqual([]);
    expect(table!.file).toBe('scaling.csv');
    expect(tableCsv(table!).split('\n')[0]).toBe(table!.columns.join(','));
    const byWorkload = new Map<string, (typeof table.rows)[number][]>();
    for (const r of table!.rows) byWorkload.set(String(r.workload), [...(byWorkload.get(String(r.workload)) ?? []), r]);
    expect([...byWorkload.keys()]).toEqual(['sampling', 'dpor', 'dpor-protocol', 'control-cpu-loop']);
    for (const [name, rows] of byWorkload) {
      expect(rows.map((r) => r.workers).slice(0, 2)).toEqual([1, 2]);
      for (const r of rows) expect(Number(r.executions_per_s)).toBeGreaterThan(0);
      if (name !== 'control-cpu-loop') {
        expect(new Set(rows.map((r) => r.outcome_sha256)).size).toBe(1);
        expect(new Set(rows.map((r) => r.executions)).size).toBe(1);
      }
    }
  });
});
