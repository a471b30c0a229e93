// The canonical run summary, racelab.summary/v1: what one exploration actually did.
// Owns: the RunSummary shape and its bytes. It records counts of work done, the verdict and
// claim (decided in harness/verdict.ts, only copied here), and a pointer to the counterexample.
// No wall-clock field: timings, if wanted, go in a separate file.
import { canonicalJson } from '../sim/canonical.js';
import type { TraceV1 } from './trace.js';

export const SUMMARY_SCHEMA = 'racelab.summary/v1';

/** Inputs summaries are built from; structural so reports/ does not import the harness. */
export interface SummaryInputs {
  readonly setup: { scenario: { id: string }; mutant: string | null; params: Readonly<Record<string, number>>; definitionHash: string; faults: Readonly<Record<string, number>> };
  readonly options: { strategy: string; seed: string; executionsMax: number; depthMax: number; faultProbability: number };
  readonly outcome: {
    executions: number; steps: number; terminal: number; depthCut: number; complete: boolean;
    faultsFired: Readonly<Record<string, number>>; stats: Readonly<Record<string, number>>;
  };
}

export interface RunSummary {
  readonly schema: typeof SUMMARY_SCHEMA;
  readonly scenario: { id: string; mutant: string | null; params: Readonly<Record<string, number>>; definitionHash: string };
  readonly strategy: string;
  readonly seed: string;
  readonly bounds: { executionsMax: number; depthMax: number; faults: Readonly<Record<string, number>>; faultProbability: number };
  readonly explored: { executions: number; steps: number; terminal: number; depthCut: number; complete: boolean; faultsFired: Readonly<Record<string, number>>; stats: Readonly<Record<string, number>> };
  readonly verdict: string;
  readonly claim: { level: string; evidence: string };
  readonly violation: { invariant: string; message: string; step: number; phase: string; execution: number; traceSha256: string } | null;
}

/** Builds the summary of one run. */
export function buildSummary(
  setup: SummaryInputs['setup'],
  options: SummaryInputs['options'],
  outcome: SummaryInputs['outcome'],
  verdict: string,
  claim: { level: string; evidence: string },
  trace: TraceV1 | null,
): RunSummary {
  return {
    schema: SUMMARY_SCHEMA,
    scenario: { id: setup.scenario.id, mutant: setup.mutant, params: setup.params, definitionHash: setup.definitionHash },
    strategy: options.strategy,
    seed: options.seed,
    bounds: { executionsMax: options.executionsMax, depthMax: options.depthMax, faults: setup.faults, faultProbability: options.faultProbability },
    explored: {
      executions: outcome.executions, steps: outcome.steps, terminal: outcome.terminal, depthCut: outcome.depthCut,
      complete: outcome.complete, faultsFired: outcome.faultsFired, stats: outcome.stats,
    },
    verdict,
    claim,
    violation: trace?.violation ? { ...trace.violation, execution: trace.execution, traceSha256: trace.sha256 } : null,
  };
}

/** Canonical bytes of a summary (sorted keys, two-space indent, final newline). */
export function summaryText(s: RunSummary): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(s)), null, 2)}\n`;
}
