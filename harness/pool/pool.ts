// Dispatching work units to workers: a piscina pool of compiled JS workers, or the calling
// thread when asked (one worker). Owns scheduling in plan order, the retry-once rule (a unit
// whose worker throws or dies is run once more; a second failure makes it lost, with the
// reason), stopping early once a lower unit has a violation (higher units cannot matter), and
// interruption through an AbortSignal. It never merges: results are returned keyed by `ord`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { RacelabError } from '../../sim/errors.js';
import type { ExploreRequest } from '../run.js';
import { killRequested, runUnitTask, KILLED_MESSAGE } from './task.js';
import { firstStopOrd } from './combine.js';
import type { KillHook, LostUnit, UnitResult, UnitTask, WorkUnit } from './units.js';

/** Units in flight per worker (one running, one queued in the pool). */
export const LANES_PER_WORKER = 2;

/** Default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** How to dispatch. */
export interface DispatchOptions {
  readonly workers: number;
  /** Run units on the calling thread instead of a pool (default: workers === 1). */
  readonly inProcess?: boolean;
  readonly signal?: AbortSignal;
  readonly kill?: KillHook | null;
  /** Called after each unit completes (tests use it to interrupt mid-run). */
  readonly onResult?: (r: UnitResult) => void;
  /** An already started pool to use (and leave running); benchmarks reuse a warm pool. */
  readonly pool?: UnitPool;
}

/** What dispatching produced. Units neither in `results` nor `lost` were not run. */
export interface Dispatched {
  readonly results: Map<number, UnitResult>;
  readonly lost: LostUnit[];
  /** Units that failed once and were retried, with the first failure's reason. */
  readonly retried: LostUnit[];
  readonly interrupted: boolean;
}

/** Path of the compiled worker; running from sources (vitest) it is the dist/ build. */
export function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith('.js') ? fileURLToPath(new URL('./worker.js', import.meta.url)) : fileURLToPath(new URL('../../dist/harness/pool/worker.js', import.meta.url));
  if (!existsSync(path)) {
    throw new RacelabError('E_NO_BUILD', `the compiled pool worker ${path} does not exist; build first with 'npx tsc -p .' (or run with --workers 1)`, 2);
  }
  return path;
}

/**
 * The slice of piscina's API used here. Its bundled .d.ts imports '../package.json', which this
 * project's tsconfig (no resolveJsonModule, no skipLibCheck) cannot type-check, so it is loaded
 * through require with this narrow type instead of a typed import.
 */
interface PoolLike<T, R> {
  run(task: T, options?: { signal?: AbortSignal | null }): Promise<R>;
  destroy(): Promise<void>;
}
type PoolCtor = new <T, R>(o: { filename: string; minThreads: number; maxThreads: number; idleTimeout: number }) => PoolLike<T, R>;
const { Piscina } = createRequire(import.meta.url)('piscina') as { Piscina: PoolCtor };

/** A pool of `workers` threads running harness/pool/worker.ts. Call destroy() when done. */
export type UnitPool = PoolLike<UnitTask, UnitResult>;

/** Starts a pool of `workers` compiled workers. */
export function createPool(workers: number): UnitPool {
  return new Piscina<UnitTask, UnitResult>({ filename: workerPath(), minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Runner = (task: UnitTask) => Promise<UnitResult>;

function inProcessRunner(): Runner {
  return async (task) => {
    await new Promise((r) => setImmediate(r));
    if (killRequested(task)) throw new Error(KILLED_MESSAGE);
    return runUnitTask(task);
  };
}

/** Runs `units` (in plan order) for `request`; see DispatchOptions. */
export async function dispatchUnits(request: ExploreRequest, units: readonly WorkUnit[], opts: DispatchOptions): Promise<Dispatched> {
  const results = new Map<number, UnitResult>();
  const lost: LostUnit[] = [];
  const retried: LostUnit[] = [];
  const inProcess = opts.inProcess ?? opts.workers === 1;
  const pool = opts.pool ?? (inProcess ? null : createPool(opts.workers));
  const run: Runner = pool ? (task) => pool.run(task, { signal: opts.signal ?? null }) : inProcessRunner();
  const ordered = [...units].sort((a, b) => a.ord - b.ord);
  const aborted = (): boolean => opts.signal?.aborted === true;
  let next = 0;
  let stopOrd = Infinity;

  const runOne = async (unit: WorkUnit): Promise<void> => {
    let first = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (aborted()) return;
      try {
        const r = await run({ request, unit, attempt, kill: opts.kill ?? null });
        results.set(unit.ord, r);
        stopOrd = Math.min(stopOrd, firstStopOrd([r]));
        opts.onResult?.(r);
        return;
      } catch (e) {
        if (aborted()) return;
        if (attempt === 1) retried.push({ id: unit.id, ord: unit.ord, reason: (first = reasonOf(e)) });
        else lost.push({ id: unit.id, ord: unit.ord, reason: `failed twice: ${first}; then ${reasonOf(e)}` });
      }
    }
  };
  const lane = async (): Promise<void> => {
    while (!aborted() && next < ordered.length && ordered[next]!.ord < stopOrd) await runOne(ordered[next++]!);
  };
  try {
    // Two lanes per worker: piscina queues the second task, so a worker starts its next unit as
    // soon as one finishes instead of idling for a round trip through this thread.
    await Promise.all(Array.from({ length: Math.max(1, inProcess ? 1 : LANES_PER_WORKER * opts.workers) }, lane));
  } finally {
    if (pool && !opts.pool) await pool.destroy();
  }
  lost.sort((a, b) => a.ord - b.ord);
  retried.sort((a, b) => a.ord - b.ord);
  return { results, lost, retried, interrupted: aborted() };
}
