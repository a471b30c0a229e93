// Suite `kernel`: tinybench micro-benchmarks of the hot paths on the lease workload — listing
// enabled choices, a world step, an XState transition through the host (memo on and off), world
// and snapshot hashing, footprint race checks (the core of DPOR race detection), trace sealing,
// writing and parsing, whole random executions (memo on and off: the lever's before/after) and,
// when registered, whole DPOR searches (race detection and backtracking end to end).
// Writes kernel.csv in the fixed micro shape (suite, name, ops/s, mean, p50, p99, samples).
import { hashValue } from '../../sim/canonical.js';
import { footprintsConflict } from '../../sim/choice.js';
import { worldHash } from '../../sim/hash.js';
import { configureHostMemo, hostDeliver, snapshotHash, snapshotView, HOST_MEMO_ENTRIES_MAX_DEFAULT } from '../../sim/host.js';
import { enabled, step } from '../../sim/world.js';
import { parseTrace, sealTrace, traceText, type TraceV1 } from '../../reports/trace.js';
import { runExecution } from '../execution.js';
import { randomChooser } from '../explore/random.js';
import { findExplorer } from '../explore/registry.js';
import { resolveExploreOptions, runExplore, type ExploreRequest } from '../run.js';
import { resolveSetup } from '../setup.js';
import { leaseWalks } from './fixtures.js';
import { microTable, runMicro, type MicroTask } from './tiny.js';
import type { BenchSuite } from './types.js';

/** Round-robin over a fixture list. */
function cycler<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

const memoOff = { before: () => void configureHostMemo(0), after: () => void configureHostMemo(HOST_MEMO_ENTRIES_MAX_DEFAULT) };

function kernelTasks(): MicroTask[] {
  const { setup, walks } = leaseWalks(8);
  const worlds = walks.flatMap((w) => w.worlds);
  const steps = walks.flatMap((w) => w.worlds.map((world, i) => ({ world, choice: w.choices[i]! })));
  const deliveries = walks.flatMap((w) => w.deliveries);
  const fps = walks[0]!.footprints;
  const trace = runExplore({ scenario: 'leases', mutant: 'unfenced-store', seed: '1' }).trace as TraceV1;
  const { sha256: _sha, ...body } = trace;
  const text = traceText(trace);
  const nextWorld = cycler(worlds);
  const nextStep = cycler(steps);
  const nextDelivery = cycler(deliveries);
  let exec = 0;
  return [
    { name: 'enabled (list choices)', fn: () => enabled(nextWorld()) },
    { name: 'step (apply one choice)', fn: () => { const s = nextStep(); return step(s.world, s.choice); } },
    { name: 'host transition, memo on', fn: () => { const d = nextDelivery(); return hostDeliver(d.spec, d.snapshot, d.event); } },
    { name: 'host transition, memo off', fn: () => { const d = nextDelivery(); return hostDeliver(d.spec, d.snapshot, d.event); }, ...memoOff },
    { name: 'worldHash', fn: () => worldHash(nextWorld()) },
    { name: 'snapshotHash, cached', fn: () => snapshotHash(nextDelivery().snapshot) },
    { name: 'snapshotHash, uncached (hashValue of view)', fn: () => hashValue(snapshotView(nextDelivery().snapshot)) },
    { name: `footprint race check (all ${fps.length * (fps.length - 1) / 2} step pairs of one execution)`, fn: () => {
      let n = 0;
      for (let i = 0; i < fps.length; i++) for (let j = i + 1; j < fps.length; j++) if (footprintsConflict(fps[i]!, fps[j]!)) n++;
      return n;
    } },
    { name: `trace seal (${trace.choices.length} steps)`, fn: () => sealTrace(body) },
    { name: 'trace text (canonical bytes)', fn: () => traceText(trace) },
    { name: 'trace parse + verify', fn: () => parseTrace(text, 'bench') },
    { name: 'random execution on leases, memo on (ops = executions)', fn: () => runExecution(setup, exec, randomChooser('bench', exec++, 0.1), 200) },
    { name: 'random execution on leases, memo off (ops = executions)', fn: () => runExecution(setup, exec, randomChooser('bench', exec++, 0.1), 200), ...memoOff },
  ];
}

/**
 * Whole DPOR searches (race detection, wakeup trees, backtracking by restoring stacked worlds) as
 * one operation each, when a `dpor` strategy is registered: lastzero(5) to the end, and the
 * lease protocol without faults capped at 300 executions.
 */
function dporTasks(): MicroTask[] {
  const dpor = findExplorer('dpor');
  if (!dpor) return [];
  const search = (req: ExploreRequest): (() => unknown) => {
    const setup = resolveSetup(req);
    const opts = resolveExploreOptions(req, setup);
    return () => dpor.explore(setup, opts);
  };
  const noFaults = { drop: 0, duplicate: 0, corrupt: 0, reorder: 0, partition: 0, inject: 0, crash: 0, restart: 0 };
  return [
    { name: 'dpor search, lastzero(5) complete (ops = searches)', fn: search({ scenario: 'lastzero', params: { n: 5 }, strategy: 'dpor', executionsMax: 1_000_000 }) },
    { name: 'dpor search, leases no faults, 300 executions (ops = searches)', fn: search({ scenario: 'leases', faults: noFaults, strategy: 'dpor', executionsMax: 300 }) },
  ];
}

export const kernelSuite: BenchSuite = {
  name: 'kernel',
  summary: 'hot paths on the lease workload: enabled, step, host transition (memo on/off), hashing, race checks, traces, executions',
  async run(ctx) {
    const rows = await runMicro(ctx, 'kernel', [...kernelTasks(), ...dporTasks()]);
    return [microTable('kernel.csv', rows)];
  },
};
