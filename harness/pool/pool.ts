// Dispatching work units to workers: a piscina pool of compiled JS workers, or the calling
// thread when asked (one worker). Owns scheduling (a fixed set of lanes taking the waiting unit
// with the least priority key across every batch submitted; plan order by default), the
// retry-once rule (a unit whose worker throws or dies is run once more; a second failure makes
// it lost, with the reason), stopping early once a lower unit has a violation (higher units cannot matter), and
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

/** One submitted batch: its units, what came back, and the batch's own stop point. */
interface Batch {
  readonly results: Map<number, UnitResult>;
  readonly lost: LostUnit[];
  readonly retried: LostUnit[];
  /** Units not yet finished or skipped. */
  open: number;
  /** Units at or after this ord are skipped: a lower unit of the batch had a violation. */
  stopOrd: number;
  readonly done: () => void;
}

/**
 * Runs units on a fixed set of lanes (two per pool worker, one in process), taking the waiting
 * unit with the least priority key first, whichever batch it came from. Batches are awaited
 * independently (split DPOR's groups each submit their rounds), so the order units start in only
 * changes timing: results are keyed by ord, never by completion order.
 */
export class Dispatcher {
  private readonly waiting: { unit: WorkUnit; key: number; batch: Batch }[] = [];
  private readonly lanes: number;
  private running = 0;
  private readonly pool: UnitPool | null;
  private readonly owned: boolean;
  private readonly run: Runner;

  constructor(private readonly request: ExploreRequest, private readonly opts: DispatchOptions) {
    const inProcess = opts.inProcess ?? opts.workers === 1;
    this.pool = opts.pool ?? (inProcess ? null : createPool(opts.workers));
    this.owned = this.pool !== null && !opts.pool;
    const pool = this.pool;
    this.run = pool ? (task) => pool.run(task, { signal: opts.signal ?? null }) : inProcessRunner();
    // Two lanes per worker: piscina queues the second task, so a worker starts its next unit as
    // soon as one finishes instead of idling for a round trip through this thread.
    this.lanes = inProcess ? 1 : Math.max(1, LANES_PER_WORKER * opts.workers);
  }

  private aborted(): boolean {
    return this.opts.signal?.aborted === true;
  }

  /** Runs `units`; lower `priority` starts first (default: ord). Resolves when all ran or were skipped. */
  submit(units: readonly WorkUnit[], priority: (u: WorkUnit) => number = (u) => u.ord): Promise<Dispatched> {
    return new Promise((resolve) => {
      const batch: Batch = {
        results: new Map(), lost: [], retried: [], open: units.length, stopOrd: Infinity,
        done: () => {
          const byOrd = (a: LostUnit, b: LostUnit): number => a.ord - b.ord;
          resolve({ results: batch.results, lost: batch.lost.sort(byOrd), retried: batch.retried.sort(byOrd), interrupted: this.aborted() });
        },
      };
      if (units.length === 0) { batch.done(); return; }
      for (const unit of units) this.waiting.push({ unit, key: priority(unit), batch });
      // Start lanes for the new units only (a lane with nothing to take ends at once).
      for (let start = Math.min(this.lanes - this.running, units.length); start > 0; start--) { this.running++; void this.lane(); }
    });
  }

  /** Stops the pool if this dispatcher started it. */
  async close(): Promise<void> {
    if (this.owned) await this.pool!.destroy();
  }

  private take(): { unit: WorkUnit; batch: Batch } | null {
    let best = -1;
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i]!;
      if (best < 0 || w.key < this.waiting[best]!.key || (w.key === this.waiting[best]!.key && w.unit.ord < this.waiting[best]!.unit.ord)) best = i;
    }
    return best < 0 ? null : this.waiting.splice(best, 1)[0]!;
  }

  private finish(batch: Batch): void {
    if (--batch.open === 0) batch.done();
  }

  private async lane(): Promise<void> {
    try {
      for (let next = this.take(); next; next = this.take()) {
        const { unit, batch } = next;
        if (!this.aborted() && unit.ord < batch.stopOrd) await this.runOne(unit, batch);
        this.finish(batch);
      }
    } finally {
      this.running--;
    }
  }

  private async runOne(unit: WorkUnit, batch: Batch): Promise<void> {
    let first = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (this.aborted()) return;
      try {
        const r = await this.run({ request: this.request, unit, attempt, kill: this.opts.kill ?? null });
        batch.results.set(unit.ord, r);
        batch.stopOrd = Math.min(batch.stopOrd, firstStopOrd([r]));
        this.opts.onResult?.(r);
        return;
      } catch (e) {
        if (this.aborted()) return;
        if (attempt === 1) batch.retried.push({ id: unit.id, ord: unit.ord, reason: (first = reasonOf(e)) });
        else batch.lost.push({ id: unit.id, ord: unit.ord, reason: `failed twice: ${first}; then ${reasonOf(e)}` });
      }
    }
  }
}

/** Runs `units` (in plan order) for `request`; see DispatchOptions. */
export async function dispatchUnits(request: ExploreRequest, units: readonly WorkUnit[], opts: DispatchOptions): Promise<Dispatched> {
  const d = new Dispatcher(request, opts);
  try {
    return await d.submit(units);
  } finally {
    await d.close();
  }
}
