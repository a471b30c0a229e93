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
  --verbose              print every step as it replays (faults are numbered for --drop-fault)
  --json                 print the result as JSON
  -h, --help             show this help

What-if (re-run an edited schedule and say whether the violation persists):
  --drop-fault K         remove fault K (faults numbered from 0 in trace order; repeatable)
  --flip-fault K=KIND    make fault K a different choice on the same target, e.g. 0=drop
                         or 0=deliver (repeatable)
  --edited               accept a hand-edited copy of the trace (its sha256 no longer matches)
  --continue             follow the (edited) choices for --prefix steps (default: all but the
                         last), then run seeded random continuations from there
  --prefix K             steps to follow before continuing
  --seed S, --executions N   continuations' seed (default 1) and count (default 200)
  --out DIR              where a violation found by --continue is written (default out/continue)

Exit codes: 1 violation reproduced, 0 a clean trace reproduced, 2 bad or unknown file,
3 replay mismatch (names the first differing step). What-if modes: 1 a violation occurred,
0 none did.`;

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
      let fault = 0;
      for (const e of r.record.events) {
        const tag = e.fault ? ` [fault ${fault++}]` : '';
        const who = e.actor ? ` ${e.actor}${e.before !== undefined ? ` ${e.before} → ${e.after}` : ''}` : '';
        const sent = e.sent?.length ? ` sent ${e.sent.map((s) => `${s.type}→${s.to}`).join(' ')}` : '';
        io.out(`  #${e.step} t=${e.time} ${e.choice}${tag}${who}${sent}${e.note ? ` (${e.note})` : ''}`);
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
