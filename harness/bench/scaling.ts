// Benchmark suite `scaling`: executions per second of the worker pool for 1 and 2 workers (and 4
// where the machine has the cores) on a sampling workload (random on leases) and two DPOR
// workloads (`dpor --split`, in rounds: readers(15), and leases under its stated bounds), written
// as scaling.csv. Owns only measuring: every row runs the same plan through a real, warmed piscina
// pool (also for 1 worker, so pool overhead is in both), and records a hash of the merged outcome,
// which must be equal across worker counts. Worker counts are interleaved rep by rep; besides the
// ratio of median rates, the median of the per-rep ratios is given (drift on a shared machine hits
// both runs of a rep alike). A control row (a plain CPU loop per thread) shows what parallelism
// the machine actually offered. Nothing asserts speed.
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { canonicalJson, sha256Hex, type Json } from '../../sim/canonical.js';
import { plainRequest, runParallel, type ParallelRun } from '../pool/coordinator.js';
import { createPool } from '../pool/pool.js';
import type { PoolRequest } from '../pool/plans.js';
import { withStatedBounds } from '../stated.js';
import type { BenchContext, BenchSuite, BenchTable, Cell } from './types.js';

// cpu_s (process CPU time, all threads) and loadavg_1m make contention on a shared machine visible:
// when cpu_s is far below seconds × workers, other processes held the cores.
const COLUMNS = [
  'workload', 'strategy', 'scenario', 'workers', 'units', 'executions', 'reps', 'startup_s_median', 'seconds_median', 'cpu_s_median',
  'executions_per_s', 'speedup_vs_1', 'speedup_paired_median', 'loadavg_1m', 'outcome_sha256',
] as const;

interface Workload {
  readonly name: string;
  readonly request: PoolRequest;
  /**
   * The untimed warm-up pass: the run itself (sampling: short, and every worker must get units),
   * or, for the long DPOR runs, the same plan with each unit capped at WARM_EXECUTIONS executions.
   */
  readonly warm: 'same' | 'capped';
}

function workloads(quick: boolean): Workload[] {
  return [
    { name: 'sampling', warm: 'same', request: { scenario: 'leases', strategy: 'random', seed: '1', executionsMax: quick ? 64 : 2000, minimize: false } },
    // readers(15): 32768 executions, about 10 s with 1 worker on the 2-core machine, in rounds.
    { name: 'dpor', warm: 'capped', request: { scenario: 'readers', strategy: 'dpor', split: true, params: { n: quick ? 3 : 15 }, executionsMax: 1_000_000, minimize: false } },
    // A protocol: leases within its stated bounds (70,371 executions, about 10 s with 1 worker).
    { name: 'dpor-protocol', warm: 'capped', request: leasesStated(quick) },
  ];
}

/** leases within its stated bounds, split; quick: without its two faults (4,836 executions). */
function leasesStated(quick: boolean): PoolRequest {
  const stated = withStatedBounds({ scenario: 'leases', strategy: 'dpor', minimize: false });
  return { ...stated, split: true, ...(quick ? { faults: { ...stated.faults, corrupt: 0, inject: 0 } } : {}) };
}

/** Executions per unit in the warm-up pass: enough to JIT-compile the hot path, short of the run. */
const WARM_EXECUTIONS = 256;

/**
 * One timed run on a fresh pool. The pool is started and warmed by one untimed pass (Workload.warm:
 * every worker has loaded its modules and JIT-compiled the hot path, as in a long run) before the
 * clock starts; start-up plus that pass is reported separately as startup_s. Runs go through
 * runParallel, so round-based splits (dpor --split) run all their rounds.
 */
async function measureOnce(request: PoolRequest, warm: Workload['warm'], workers: number) {
  const s0 = process.hrtime.bigint();
  const pool = createPool(workers);
  try {
    const warmRequest = warm === 'same' ? request : { ...request, executionsMax: Math.min(request.executionsMax ?? WARM_EXECUTIONS, WARM_EXECUTIONS) };
    await runParallel(warmRequest, { workers, pool, inProcess: false });
    const startup = Number(process.hrtime.bigint() - s0) / 1e9;
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const run = await runParallel(request, { workers, pool, inProcess: false });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const c1 = process.cpuUsage(c0);
    return { ...summarize(run), seconds, startup, cpu: (c1.user + c1.system) / 1e6 };
  } finally {
    await pool.destroy();
  }
}

function summarize(run: ParallelRun) {
  return {
    load: loadavg()[0]!, units: run.notes.units, executions: run.outcome.executions,
    sha: sha256Hex(canonicalJson(run.outcome as unknown as Json)).slice(0, 16), lost: run.notes.lost.length,
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measureWorkload(w: Workload, counts: readonly number[], reps: number, ctx: BenchContext): Promise<Record<string, Cell>[]> {
  const request = plainRequest(w.request);
  const times = new Map<number, number[]>(counts.map((c) => [c, []]));
  const cpus = new Map<number, number[]>(counts.map((c) => [c, []]));
  const startups = new Map<number, number[]>(counts.map((c) => [c, []]));
  const last = new Map<number, Awaited<ReturnType<typeof measureOnce>>>();
  // Interleave worker counts so drifting load on a shared machine hits all of them alike.
  for (let r = 0; r < reps; r++) {
    for (const c of counts) {
      const m = await measureOnce(request, w.warm, c);
      if (m.lost > 0) throw new Error(`[racelab internal bug] scaling bench lost ${m.lost} unit(s)`);
      times.get(c)!.push(m.seconds);
      cpus.get(c)!.push(m.cpu);
      startups.get(c)!.push(m.startup);
      last.set(c, m);
      ctx.log(`  ${w.name} workers=${c} rep ${r + 1}/${reps}: ${m.executions} executions in ${m.seconds.toFixed(2)} s`);
    }
  }
  const base = last.get(counts[0]!)!.executions / median(times.get(counts[0]!)!);
  const paired = (c: number): number => median(times.get(c)!.map((t, r) => times.get(counts[0]!)![r]! / t));
  return counts.map((c) => {
    const m = last.get(c)!;
    const rate = m.executions / median(times.get(c)!);
    return {
      workload: w.name, strategy: String(w.request.strategy), scenario: w.request.scenario, workers: c, units: m.units, executions: m.executions,
      reps, startup_s_median: Number(median(startups.get(c)!).toFixed(3)), seconds_median: Number(median(times.get(c)!).toFixed(3)), cpu_s_median: Number(median(cpus.get(c)!).toFixed(3)),
      executions_per_s: Number(rate.toFixed(1)), speedup_vs_1: Number((rate / base).toFixed(2)), speedup_paired_median: Number(paired(c).toFixed(2)), loadavg_1m: Number(m.load.toFixed(2)), outcome_sha256: m.sha,
    };
  });
}

// Control: the same fixed CPU loop in 1 and N plain worker threads. Its speedup is what the
// machine offered at measurement time (a shared or SMT-only machine gives far less than N).
const CONTROL_LOOP = `const { parentPort, workerData } = require('node:worker_threads');
let x = 0; for (let i = 0; i < workerData; i++) x = (x + i * 7) % 1000003; parentPort.postMessage(x);`;

async function controlOnce(workers: number, iterations: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: workers }, () => new Promise<void>((resolve, reject) => {
    const w = new Worker(CONTROL_LOOP, { eval: true, workerData: iterations });
    w.once('message', () => void w.terminate().then(() => resolve()));
    w.once('error', reject);
  })));
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function measureControl(counts: readonly number[], reps: number, quick: boolean, ctx: BenchContext): Promise<Record<string, Cell>[]> {
  const iterations = quick ? 1e6 : 2e8;
  const times = new Map<number, number[]>(counts.map((c) => [c, []]));
  for (let r = 0; r < reps; r++) {
    for (const c of counts) {
      const t = await controlOnce(c, iterations);
      times.get(c)!.push(t);
      ctx.log(`  control workers=${c} rep ${r + 1}/${reps}: ${c} loops in ${t.toFixed(2)} s`);
    }
  }
  const base = 1 / median(times.get(counts[0]!)!);
  return counts.map((c) => {
    const rate = c / median(times.get(c)!);
    return {
      workload: 'control-cpu-loop', strategy: '', scenario: '', workers: c, units: c, executions: c, reps, startup_s_median: '',
      seconds_median: Number(median(times.get(c)!).toFixed(3)), cpu_s_median: '', executions_per_s: Number(rate.toFixed(3)),
      speedup_vs_1: Number((rate / base).toFixed(2)), speedup_paired_median: '', loadavg_1m: Number(loadavg()[0]!.toFixed(2)), outcome_sha256: '',
    };
  });
}

/** Reps per workload and worker count (interleaved); 5 so one disturbed rep cannot move the median. */
const REPS = 5;

export const scalingSuite: BenchSuite = {
  name: 'scaling',
  summary: 'worker-pool executions/s for 1, 2 (and 4) workers on a sampling and a DPOR workload → scaling.csv',
  async run(ctx): Promise<readonly BenchTable[]> {
    const counts = availableParallelism() >= 4 ? [1, 2, 4] : [1, 2];
    const rows: Record<string, Cell>[] = [];
    for (const w of workloads(ctx.quick)) rows.push(...(await measureWorkload(w, counts, ctx.quick ? 1 : REPS, ctx)));
    rows.push(...(await measureControl(counts, ctx.quick ? 1 : 3, ctx.quick, ctx)));
    return [{ file: 'scaling.csv', columns: COLUMNS, rows }];
  },
};
