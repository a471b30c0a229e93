// `racelab replay` with what-if options: --drop-fault K, --flip-fault K=KIND, --edited (run a
// hand-edited copy whose sha256 no longer matches) and --continue (follow the prefix, then keep
// exploring with seeded random continuations). Owns the console output of those modes: whether
// the recorded violation persists, where an edited schedule stopped being possible, and the
// trace and reproduce command of any violation found while continuing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../sim/errors.js';
import { parseTrace, sealTrace, traceText, type TraceV1 } from '../../../reports/trace.js';
import { htmlPage } from '../../../reports/html.js';
import type { ExecutionRecord } from '../../execution.js';
import { setupFromTrace } from '../../replay.js';
import { applyEdits, continueFrom, parseEdits, rerun } from '../../whatif.js';
import { EXIT } from '../../verdict.js';
import { readInput } from './replay.js';
import type { Io } from '../io.js';

/** What-if options of `racelab replay`. */
export interface WhatIfCommandOptions {
  readonly file: string;
  readonly dropFaults?: readonly string[];
  readonly flipFaults?: readonly string[];
  readonly edited?: boolean;
  readonly continue?: boolean;
  /** Steps of the (edited) choice list to follow before continuing (default: all but the last). */
  readonly prefix?: number;
  readonly seed?: string;
  readonly executionsMax?: number;
  readonly out?: string;
  readonly json?: boolean;
}

/** Seals a found execution as a trace for the same scenario as `from`. */
function traceOfRecord(from: TraceV1, rec: ExecutionRecord, strategy: string, seed: string): TraceV1 {
  const { sha256: _s, minimized: _m, ...body } = from;
  return sealTrace({ ...body, explorer: { strategy, options: { continuedFrom: from.sha256 } }, seed, execution: rec.index, initial: rec.initial, choices: rec.choices, events: rec.events, violation: rec.violation });
}

export function whatIfCommand(opts: WhatIfCommandOptions, io: Io): number {
  const trace = parseTrace(readInput(opts.file), opts.file, { allowEdited: opts.edited === true });
  const setup = setupFromTrace(trace, opts.file);
  const edits = parseEdits(opts.dropFaults ?? [], opts.flipFaults ?? []);
  const choices = applyEdits(trace.choices, edits);
  const recorded = trace.violation?.invariant ?? null;
  if (!opts.continue) {
    const r = rerun(setup, choices, recorded);
    if (opts.json) {
      io.out(JSON.stringify({ file: opts.file, edits, choices: r.choices.length, persists: r.persists, violation: r.violation, notEnabled: r.notEnabled }, null, 2));
    } else {
      const what = edits.length ? edits.map((e) => (e.kind === 'drop-fault' ? `drop fault ${e.fault}` : `flip fault ${e.fault} to ${e.to}`)).join(', ') : 'edited copy';
      io.out(`WHAT-IF ${opts.file} (${what}): ran ${r.record.steps} of ${choices.length} choices`);
      if (r.notEnabled) io.out(`  stopped at step ${r.notEnabled.step}: ${r.notEnabled.reason}`);
      if (r.violation) io.out(`  ${r.persists ? 'PERSISTS' : 'CHANGED'}: ${r.violation.invariant} violated after step ${r.violation.step}: ${r.violation.message}`);
      else io.out(`  GONE: no invariant violated${recorded ? ` (recorded: ${recorded})` : ''} in the steps that ran`);
    }
    return r.violation ? EXIT.violated : EXIT.held;
  }
  const prefixLen = opts.prefix ?? Math.max(0, choices.length - 1);
  if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > choices.length) throw new UsageError(`--prefix must be a whole number from 0 to ${choices.length}, got ${String(opts.prefix)}`);
  const seed = opts.seed ?? '1';
  const executionsMax = opts.executionsMax ?? 200;
  if (executionsMax < 1) throw new UsageError(`--executions must be a whole number >= 1, got ${executionsMax}`);
  const c = continueFrom(setup, choices.slice(0, prefixLen), { seed, executionsMax, depthMax: setup.scenario.depthMax, faultProbability: 0.1 });
  if (c.notEnabled) throw new UsageError(`${opts.file}: the prefix cannot be followed: step ${c.notEnabled.step}: ${c.notEnabled.reason}`);
  if (!c.violation?.violation) {
    if (opts.json) io.out(JSON.stringify({ file: opts.file, prefix: prefixLen, executions: c.executions, violation: null }, null, 2));
    else io.out(`CONTINUED ${opts.file} from step ${prefixLen}: ${c.executions} random continuations (seed ${seed}), no violation (a sample, not a proof)`);
    return EXIT.held;
  }
  const found = traceOfRecord(trace, c.violation, 'replay-continue', seed);
  const outDir = opts.out ?? join('out', 'continue');
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, 'counterexample.json');
  writeFileSync(path, traceText(found));
  writeFileSync(join(outDir, 'counterexample.html'), htmlPage(found));
  const v = c.violation.violation;
  if (opts.json) io.out(JSON.stringify({ file: opts.file, prefix: prefixLen, executions: c.executions, violation: v, trace: path }, null, 2));
  else {
    io.out(`CONTINUED ${opts.file} from step ${prefixLen}: continuation ${c.violation.index} violates ${v.invariant} after step ${v.step}${v.invariant === recorded ? ' (same invariant as recorded)' : ''}`);
    io.out(`  ${v.message}`);
    io.out(`  trace: ${path}`);
    io.out(`  reproduce: npx racelab replay ${path}`);
  }
  return EXIT.violated;
}
