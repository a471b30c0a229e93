// Smoke test of the benchmark harness in quick mode: every suite runs, each CSV has its declared
// header and one row per measurement with sane (finite, positive) figures. Figures themselves are
// never asserted: benchmarks measure, tests check behaviour.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../sim/errors.js';
import { runBench } from './run.js';
import { tableCsv } from './csv.js';
import { MICRO_COLUMNS } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'racelab-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string): string[] => readFileSync(join(dir, file), 'utf8').trim().split('\n');

describe('npm run bench (quick mode)', () => {
  it('kernel and actors suites write micro CSVs with positive throughput', async () => {
    const files = await runBench({ suites: ['kernel', 'actors'], outDir: dir, quick: true, log: () => {} });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['kernel.csv', 'actors.csv']);
    const kernel = lines('kernel.csv');
    expect(kernel[0]).toBe(MICRO_COLUMNS.join(','));
    expect(kernel.length).toBeGreaterThan(10);
    for (const row of kernel.slice(1)) {
      const ops = Number(row.split(',').at(-5));
      expect(Number.isFinite(ops) && ops > 0).toBe(true);
    }
    const actors = lines('actors.csv');
    expect(actors[0]!.startsWith(`${MICRO_COLUMNS.join(',')},actor_runs,steps_per_op,steps_per_s,vs_raw`)).toBe(true);
    expect(actors.slice(1).map((r) => r.split(',')[1])).toContain('raw createActor loop');
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).quick).toBe(true);
  });

  it('peers and memory suites write their tables', async () => {
    await runBench({ suites: ['peers', 'memory'], outDir: dir, quick: true, log: () => {} });
    const peers = lines('peers.csv');
    expect(peers[0]).toBe('race,tool,strategy,seeds,found,execs_to_violation_median,execs_min,execs_max,wall_ms_median,fastcheck_over_this,invariants');
    const tools = peers.slice(1).map((r) => r.split(',').slice(0, 3).join(' '));
    expect(tools).toContain('leases/unfenced-store fast-check fc.scheduler');
    expect(tools).toContain('leases/unfenced-store racelab random');
    const correct = lines('peers-correct.csv');
    expect(correct.slice(1).every((r) => !r.includes('violated'))).toBe(true);
    expect(lines('memory.csv')[0]!.startsWith('program,strategy,executions')).toBe(true);
  });

  it('refuses an unknown suite with a usage error naming the suites', async () => {
    await expect(runBench({ suites: ['nope'], outDir: dir, quick: true, log: () => {} })).rejects.toThrow(UsageError);
    await expect(runBench({ suites: ['nope'], outDir: dir, quick: true, log: () => {} })).rejects.toThrow(/suites: kernel/);
  });

  it('quotes CSV cells that need it', () => {
    const text = tableCsv({ file: 'x.csv', columns: ['a', 'b'], rows: [{ a: 'x, y', b: 1 }, { a: 'z' }] });
    expect(text).toBe('a,b\n"x, y",1\nz,\n');
  });
});
