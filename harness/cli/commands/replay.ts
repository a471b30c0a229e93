// `racelab replay <trace.json>`: verify a trace file, re-run its choices exactly and say whether
// the recorded violation reproduced. Exit 1 reproduced violation, 0 reproduced clean trace,
// 2 bad file (not JSON, truncated, tampered, wrong version, unknown scenario), 3 mismatch.
import { readFileSync } from 'node:fs';
import { InputError } from '../../../sim/errors.js';
import { parseTrace } from '../../../reports/trace.js';
import { replayTrace } from '../../replay.js';
import { EXIT } from '../../verdict.js';
import type { Io } from '../io.js';

export const REPLAY_HELP = `Usage: racelab replay <trace.json> [--verbose] [--json]

Re-runs the choices of a counterexample trace on this machine, checking every step against the
recorded events, and reports whether the recorded violation reproduced.

Options:
  --verbose   print every step as it replays
  --json      print the result as JSON
  -h, --help  show this help

Exit codes: 1 violation reproduced, 0 a clean trace reproduced, 2 bad or unknown file,
3 replay mismatch (names the first differing step).`;

export interface ReplayCommandOptions {
  readonly file: string;
  readonly verbose?: boolean;
  readonly json?: boolean;
}

/** Reads a file as text or throws an InputError naming it. */
export function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    throw new InputError('E_READ', `cannot read '${file}' (${code}); check the path`);
  }
}

export function replayCommand(opts: ReplayCommandOptions, io: Io): number {
  const trace = parseTrace(readInput(opts.file), opts.file);
  const r = replayTrace(trace, opts.file);
  if (opts.json) {
    io.out(JSON.stringify({ file: opts.file, reproduced: r.reproduced, steps: r.steps, violation: r.violation, mismatch: r.mismatch }, null, 2));
  } else {
    if (opts.verbose) {
      for (const e of r.record.events) {
        const who = e.actor ? ` ${e.actor}${e.before !== undefined ? ` ${e.before} → ${e.after}` : ''}` : '';
        const sent = e.sent?.length ? ` sent ${e.sent.map((s) => `${s.type}→${s.to}`).join(' ')}` : '';
        io.out(`  #${e.step} t=${e.time} ${e.choice}${who}${sent}${e.note ? ` (${e.note})` : ''}`);
      }
    }
    const mut = trace.scenario.mutant ? ` (mutant ${trace.scenario.mutant})` : '';
    if (!r.reproduced) {
      io.out(`MISMATCH replaying ${opts.file} [${trace.scenario.id}${mut}] at step ${r.mismatch!.step}: ${r.mismatch!.reason}`);
    } else if (r.violation) {
      io.out(`REPRODUCED violation of ${r.violation.invariant} at step ${r.violation.step} [${trace.scenario.id}${mut}, ${r.steps} steps, all events identical]`);
      io.out(`  ${r.violation.message}`);
    } else {
      io.out(`REPRODUCED ${r.steps} steps of ${trace.scenario.id}${mut} with no violation, all events identical`);
    }
  }
  if (!r.reproduced) return EXIT.inconclusive;
  return r.violation ? EXIT.violated : EXIT.held;
}
