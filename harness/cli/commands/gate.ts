// `racelab gate`: run the repository's declared checks with budgets and required coverage and
// exit 0 only when every required claim holds, 1 on any violation, 3 naming missing evidence.
// Owns: the command's options, its console output (one line per check, every violation with
// the command that reproduces it, the missing evidence) and progress display per check.
import { runGate } from '../../gate/run.js';
import { applyOverrides, loadGateConfig, GATE_CONFIG_DEFAULT_PATH } from '../../gate/config.js';
import { progressMode, startProgress } from '../../progress.js';
import { gateReportText } from '../../../reports/gate-report.js';
import type { Io } from '../io.js';

export const GATE_HELP = `Usage: racelab gate [--config FILE] [options]

Runs every check declared in the gate config (scenario × strategy × optional mutant, with a
budget and a required claim), replays the committed seed traces, and writes gate.json,
junit.xml, results.csv, summary.md and timings.json to the config's output folder, plus a
counterexample.json and counterexample.html for every violation.

Options:
  --config FILE          gate config (default ${GATE_CONFIG_DEFAULT_PATH})
  --out DIR              output folder (overrides the config's "out")
  --executions N         override every check's budget.executionsMax
  --duration-ms N        override every check's budget.durationMsMax
  --mutant ID=NAME       switch check ID to mutant NAME (repeatable)
  --only ID              run only check ID (repeatable)
  --json                 print gate.json instead of text
  --quiet                print nothing; rely on the exit code and files
  -h, --help             show this help

Exit codes: 0 every required claim holds, 1 a violation was found, 2 bad usage or config,
3 evidence is missing (budget ran out before the required coverage, replay mismatch,
nondeterminism detected) — the output names what is missing.`;

/** Options of `racelab gate`. */
export interface GateCommandOptions {
  readonly config?: string;
  readonly out?: string;
  readonly executionsMax?: number;
  readonly durationMsMax?: number;
  readonly mutants?: Readonly<Record<string, string>>;
  readonly only?: readonly string[];
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** True when stderr is a terminal (progress bar); the CLI fills it in. */
  readonly tty?: boolean;
}

export function gateCommand(opts: GateCommandOptions, io: Io): number {
  const cfg = applyOverrides(loadGateConfig(opts.config), opts);
  const mode = progressMode({ quiet: opts.quiet, json: opts.json, tty: opts.tty === true });
  const run = runGate(cfg, {
    progress: (c) => startProgress({ mode, label: c.id, total: c.budget.executionsMax, sink: { line: (l) => io.err(l) } }),
  });
  const r = run.report;
  if (opts.quiet) return r.exitCode;
  if (opts.json) {
    io.out(gateReportText(r).trimEnd());
    return r.exitCode;
  }
  io.out(`racelab gate · ${opts.config ?? GATE_CONFIG_DEFAULT_PATH} · ${r.checks.length} check(s), ${r.seeds.length} seed replay(s)`);
  for (const c of r.checks) {
    io.out(`  ${c.verdict.toUpperCase().padEnd(12)} ${c.id} [${c.strategy}${c.mutant ? `, mutant ${c.mutant}` : ''}] ${c.claim.level}: ${c.claim.evidence}`);
    if (c.violation) {
      io.out(`    VIOLATION ${c.violation.invariant} after step ${c.violation.step}: ${c.violation.message}`);
      io.out(`    trace: ${c.violation.trace} · viewer: ${c.violation.html}`);
      io.out(`    reproduce: ${c.violation.reproduce}`);
    }
  }
  const seedsOk = r.seeds.filter((s) => s.verdict === 'held').length;
  if (r.seeds.length > 0) io.out(`  seeds: ${seedsOk} of ${r.seeds.length} replayed exactly`);
  for (const m of r.missing) io.out(`  MISSING: ${m}`);
  io.out(`GATE ${r.verdict.toUpperCase()} (exit ${r.exitCode}) · reports: ${run.files.json}, ${run.files.junit}, ${run.files.csv}, ${run.files.markdown}`);
  return r.exitCode;
}
