#!/usr/bin/env node
// Child process of the `memory` suite: runs one exploration in a fresh Node heap (started with
// --expose-gc) and prints one JSON line. Heap used is sampled every SAMPLE_EVERY invariant
// checks by a no-op invariant that reads no actor (so it adds no dependency for DPOR) appended
// to a copy of the scenario — the explorers have no progress hook of their own — and every
// LIVE_EVERY checks after a forced full GC (live heap, without garbage). Also reported:
// heap retained after the run (after a full GC, outcome still referenced), committed heap at the
// end and the process's max RSS. A fresh process per measurement keeps runs apart.
import { getHeapStatistics } from 'node:v8';
import { findExplorer } from '../explore/registry.js';
import type { Invariant } from '../../scenarios/types.js';
import { resolveExploreOptions, type ExploreRequest } from '../run.js';
import { resolveSetup } from '../setup.js';

const MB = 1024 * 1024;
const SAMPLE_EVERY = 256;
/** Every LIVE_EVERY checks a full GC runs first, so the sample is live heap, not garbage. */
const LIVE_EVERY = 4096;
const mb = (bytes: number): number => Number((bytes / MB).toFixed(1));

/** What the probe measured. */
export interface ProbeResult {
  readonly executions: number;
  readonly steps: number;
  readonly complete: boolean;
  readonly violated: boolean;
  readonly ms: number;
  readonly heapBaselineMb: number;
  readonly heapUsedPeakMb: number;
  /** Peak of the samples taken right after a forced full GC: live data only. */
  readonly heapLivePeakMb: number;
  readonly heapRetainedMb: number;
  readonly heapCommittedEndMb: number;
  readonly maxRssMb: number;
  readonly checks: number;
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function probe(req: ExploreRequest): ProbeResult {
  const base = resolveSetup(req);
  const options = resolveExploreOptions(req, base);
  let checks = 0;
  let peak = 0;
  let livePeak = 0;
  const sampler: Invariant = {
    id: 'bench-heap-sampler', description: 'samples heap used; never fails', reads: [],
    check() {
      if (++checks % LIVE_EVERY === 0) {
        collect();
        livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
      } else if (checks % SAMPLE_EVERY === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      return null;
    },
  };
  const setup = { ...base, scenario: { ...base.scenario, invariants: [...base.scenario.invariants, sampler] } };
  collect();
  const baseline = process.memoryUsage().heapUsed;
  peak = baseline;
  livePeak = baseline;
  const t0 = process.hrtime.bigint();
  const outcome = findExplorer(options.strategy)!.explore(setup, options);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  collect();
  const retained = process.memoryUsage().heapUsed;
  return {
    executions: outcome.executions, steps: outcome.steps, complete: outcome.complete, violated: outcome.violation !== null,
    ms: Number(ms.toFixed(1)), heapBaselineMb: mb(baseline), heapUsedPeakMb: mb(peak), heapLivePeakMb: mb(livePeak), heapRetainedMb: mb(retained),
    heapCommittedEndMb: mb(getHeapStatistics().total_heap_size), maxRssMb: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)), checks,
  };
}

if (process.argv[1] !== undefined && /memory-probe\.(js|ts)$/.test(process.argv[1])) {
  const req = JSON.parse(process.argv[2] ?? '{}') as ExploreRequest;
  process.stdout.write(`${JSON.stringify(probe(req))}\n`);
}
