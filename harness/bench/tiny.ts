// tinybench glue: runs a list of named tasks and turns each result into a CSV row with the
// columns MICRO_COLUMNS (suite, name, ops/s, mean, p50, p99, samples). Owns the per-task time
// budget (shorter in quick mode) and nothing else.
import { Bench } from 'tinybench';
import { MICRO_COLUMNS, type BenchContext, type BenchTable, type Cell } from './types.js';

/** A named synchronous task; one call is one operation. */
export interface MicroTask {
  readonly name: string;
  readonly fn: () => unknown;
  /** Runs before the task's warmup and measurement (e.g. switch a lever off). */
  readonly before?: () => void;
  /** Runs after them (e.g. switch the lever back on). */
  readonly after?: () => void;
}

/** Time budget per task, in ms. */
export const TASK_TIME_MS = 700;
const TASK_TIME_MS_QUICK = 20;

const round = (x: number, digits: number): number => Number(x.toPrecision(digits));

/** Runs `tasks` with tinybench and returns one table row per task. */
export async function runMicro(ctx: BenchContext, suite: string, tasks: readonly MicroTask[]): Promise<Record<string, Cell>[]> {
  const timeMs = ctx.quick ? TASK_TIME_MS_QUICK : TASK_TIME_MS;
  const bench = new Bench({ time: timeMs, warmupTime: Math.ceil(timeMs / 5), iterations: ctx.quick ? 2 : 10 });
  for (const t of tasks) bench.add(t.name, t.fn, { beforeAll: t.before, afterAll: t.after });
  await bench.run();
  const rows: Record<string, Cell>[] = [];
  for (const task of bench.tasks) {
    const r = task.result;
    if (r.state !== 'completed') {
      const why = r.state === 'errored' ? String((r as { error?: unknown }).error) : r.state;
      throw new Error(`[racelab internal bug] benchmark '${suite}/${task.name}' did not complete: ${why}`);
    }
    rows.push({
      suite,
      name: task.name,
      ops_per_s: round(r.throughput.mean, 4),
      mean_ms: round(r.latency.mean, 4),
      p50_ms: round(r.latency.p50, 4),
      p99_ms: round(r.latency.p99, 4),
      samples: r.latency.samplesCount,
    });
    ctx.log(`  ${suite}/${task.name}: ${round(r.throughput.mean, 4)} ops/s`);
  }
  return rows;
}

/** A micro table in the fixed column shape. */
export function microTable(file: string, rows: readonly Record<string, Cell>[]): BenchTable {
  return { file, columns: [...MICRO_COLUMNS], rows };
}
