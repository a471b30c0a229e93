// Suite `memory`: peak heap and executions/s of exhaustive runs, each in its own Node process
// (memory-probe.ts): lastzero(N) under DPOR for growing N (depth grows with N), and the lease
// protocol under DPOR with no faults, capped at growing execution counts (same depth, more
// executions: if DPOR keeps only its DFS stack, peak and retained heap stay flat). When no
// exhaustive strategy is registered it writes a row saying so instead of a figure.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findExplorer } from '../explore/registry.js';
import type { ExploreRequest } from '../run.js';
import type { ProbeResult } from './memory-probe.js';
import type { BenchSuite, BenchTable, Cell } from './types.js';

const PROBE = fileURLToPath(new URL('./memory-probe.js', import.meta.url));

/** Runs one probe in a fresh process (heap capped at heapMbMax). */
function runProbe(req: ExploreRequest, heapMbMax: number): ProbeResult {
  const out = execFileSync(process.execPath, ['--expose-gc', `--max-old-space-size=${heapMbMax}`, PROBE, JSON.stringify(req)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop()!) as ProbeResult;
}

interface Case {
  readonly label: string;
  readonly req: ExploreRequest;
}

const NO_FAULTS = { drop: 0, duplicate: 0, corrupt: 0, reorder: 0, partition: 0, inject: 0, crash: 0, restart: 0 };

function cases(quick: boolean, strategy: string): Case[] {
  const sizes = quick ? [3] : [4, 6, 8, 10];
  const out: Case[] = sizes.map((n) => ({ label: `lastzero(${n})`, req: { scenario: 'lastzero', params: { n }, strategy, executionsMax: 10_000_000 } }));
  for (const cap of quick ? [50] : [2_000, 8_000, 32_000]) {
    out.push({ label: `leases, no faults, capped at ${cap} executions`, req: { scenario: 'leases', strategy, faults: NO_FAULTS, executionsMax: cap } });
  }
  return out;
}

function row(c: Case, strategy: string, r: ProbeResult): Record<string, Cell> {
  return {
    program: c.label, strategy, executions: r.executions, complete: r.complete ? 'yes' : 'no', violated: r.violated ? 'yes' : 'no', steps: r.steps,
    wall_ms: r.ms, executions_per_s: Math.round(r.executions / (r.ms / 1000)), heap_baseline_mb: r.heapBaselineMb,
    heap_used_peak_mb: r.heapUsedPeakMb, heap_live_peak_mb: r.heapLivePeakMb, heap_retained_mb: r.heapRetainedMb, heap_committed_end_mb: r.heapCommittedEndMb, max_rss_mb: r.maxRssMb,
  };
}

export const memorySuite: BenchSuite = {
  name: 'memory',
  summary: 'peak heap and executions/s of exhaustive runs (lastzero(N) under dpor, an exhaustive lease run), each in a fresh process',
  async run(ctx) {
    const columns = ['program', 'strategy', 'executions', 'complete', 'violated', 'steps', 'wall_ms', 'executions_per_s', 'heap_baseline_mb', 'heap_used_peak_mb', 'heap_live_peak_mb', 'heap_retained_mb', 'heap_committed_end_mb', 'max_rss_mb', 'note'];
    const strategy = ['dpor', 'bfs'].find((s) => findExplorer(s));
    if (!strategy) {
      ctx.log('  memory: no exhaustive strategy (dpor/bfs) is registered; no figures');
      return [{ file: 'memory.csv', columns, rows: [{ program: 'all', strategy: 'none registered', note: 'not measured: no exhaustive strategy registered' }] }];
    }
    const rows: Record<string, Cell>[] = [];
    for (const c of cases(ctx.quick, strategy)) {
      try {
        const r = runProbe(c.req, 2048);
        rows.push(row(c, strategy, r));
        ctx.log(`  memory ${c.label}: ${r.executions} executions, heap peak ${r.heapUsedPeakMb} MB (live ${r.heapLivePeakMb} MB), ${Math.round(r.executions / (r.ms / 1000))} executions/s`);
      } catch (e) {
        const why = (e as Error).message.split('\n')[0]!.slice(0, 160);
        rows.push({ program: c.label, strategy, note: `probe failed: ${why}` });
        ctx.log(`  memory ${c.label}: probe failed (${why})`);
      }
    }
    const table: BenchTable = { file: 'memory.csv', columns, rows };
    return [table];
  },
};
