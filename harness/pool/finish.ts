// Turning a merged (combined) outcome into the run's canonical summary and counterexample.
// Owns the verdict when work is missing: a gap before any violation (a lost unit, an interrupt,
// an absent shard) makes the run inconclusive, names the missing unit, and claims only the
// executions explored before it in plan order. Without a gap the summary and trace are built
// exactly as runExplore builds them, which is what makes them byte-identical to a 1-worker run.
import { buildSummary } from '../../reports/summary.js';
import type { ExploreOptions } from '../explore/types.js';
import { finishExplore, type ExploreRequest, type ExploreRun } from '../run.js';
import type { RunSetup } from '../setup.js';
import type { Combined } from './combine.js';
import { unitText } from './units.js';

/** Why a gap unit has no result (e.g. "was lost twice: ..."), keyed by unit id. */
export type GapReasons = ReadonlyMap<string, string>;

/** Builds the run (summary, trace) from a combined outcome. */
export function finishRun(request: ExploreRequest, setup: RunSetup, options: ExploreOptions, combined: Combined, reasons: GapReasons): ExploreRun {
  const { outcome, gap } = combined;
  if (!gap) return finishExplore(request, setup, options, outcome);
  const why = reasons.get(gap.id) ?? 'has no result';
  const later = combined.afterGap.filter((r) => r.outcome?.violation);
  const laterText = later.length > 0
    ? `; a violation was found after it (execution ${later[0]!.outcome!.violation!.index}), but the least violating one is not established`
    : '';
  const claim = {
    level: outcome.executions > 0 ? 'sampled' : 'absent',
    evidence: `incomplete: ${unitText(gap)} ${why}; ${outcome.executions} executions before it in plan order explored, no violation${laterText}`,
  };
  return { setup, options, outcome, trace: null, minimized: null, summary: buildSummary(setup, options, outcome, 'inconclusive', claim, null) };
}
