#!/usr/bin/env node
// `npm run bench`: runs the benchmark suites and writes their CSVs (default folder out/bench/,
// which is git-ignored) plus meta.json (Node version, CPU count, load average before and after,
// so noisy figures can be recognised). Options: --suite NAME (repeatable), --out DIR, --quick
// (tiny budgets, for smoke tests). Library entry: runBench.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../sim/errors.js';
import { writeTables } from './csv.js';
import { findSuite, SUITES } from './suites.js';
import type { BenchContext, BenchTable } from './types.js';

/** What to run. */
export interface BenchRequest {
  readonly suites?: readonly string[];
  readonly outDir?: string;
  readonly quick?: boolean;
  readonly log?: (line: string) => void;
}

/** Runs the requested suites in registry order; returns the CSV paths written. */
export async function runBench(req: BenchRequest = {}): Promise<string[]> {
  const names = req.suites && req.suites.length > 0 ? req.suites : SUITES.map((s) => s.name);
  for (const n of names) {
    if (!findSuite(n)) throw new UsageError(`unknown benchmark suite '${n}'; suites: ${SUITES.map((s) => s.name).join(', ')}`);
  }
  const outDir = req.outDir ?? join('out', 'bench');
  const log = req.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const ctx: BenchContext = { quick: req.quick === true, log };
  const meta: Record<string, unknown> = {
    node: process.version, cpus: cpus().length, parallelism: availableParallelism(), quick: ctx.quick,
    loadavgBefore: loadavg().map((x) => Number(x.toFixed(2))), suites: {},
  };
  const written: string[] = [];
  for (const suite of SUITES.filter((s) => names.includes(s.name))) {
    log(`suite ${suite.name}: ${suite.summary}`);
    const t0 = process.hrtime.bigint();
    const tables: readonly BenchTable[] = await suite.run(ctx);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    (meta.suites as Record<string, unknown>)[suite.name] = { seconds: Number(seconds.toFixed(1)), files: tables.map((t) => t.file) };
    written.push(...writeTables(outDir, tables));
    log(`suite ${suite.name} done in ${seconds.toFixed(1)} s`);
  }
  meta.loadavgAfter = loadavg().map((x) => Number(x.toFixed(2)));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return written;
}

const HELP = `Usage: node dist/harness/bench/run.js [--suite NAME]... [--out DIR] [--quick]
Suites: ${SUITES.map((s) => `\n  ${s.name.padEnd(10)} ${s.summary}`).join('')}`;

async function main(argv: readonly string[]): Promise<number> {
  let values: { suite?: string[]; out?: string; quick?: boolean; help?: boolean };
  try {
    values = parseArgs({ args: [...argv], options: { suite: { type: 'string', multiple: true }, out: { type: 'string' }, quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n${HELP}\n`);
    return 2;
  }
  if (values.help) return process.stdout.write(`${HELP}\n`), 0;
  try {
    const files = await runBench({ suites: values.suite, outDir: values.out, quick: values.quick });
    for (const f of files) process.stdout.write(`${f}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return process.stderr.write(`bench: ${e.message}\n`), 2;
    throw e;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /[\\/]bench[\\/]run\.(js|ts)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
