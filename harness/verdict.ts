// Verdicts and claims: the small frozen vocabulary every report and exit code is derived from.
// Owns: Verdict, ClaimLevel, exit codes, and verdictOf(outcome), which claims only what the
// exploration actually did: `verified` only for a complete exhaustive run, `sampled` for N
// executions without violation, `absent` when there is no evidence either way.
import type { ExploreOutcome } from './explore/types.js';

export const VERDICTS = Object.freeze(['held', 'violated', 'inconclusive'] as const);
export type Verdict = (typeof VERDICTS)[number];

export const CLAIM_LEVELS = Object.freeze(['verified', 'sampled', 'absent'] as const);
export type ClaimLevel = (typeof CLAIM_LEVELS)[number];

/** Process exit codes. */
export const EXIT = Object.freeze({ held: 0, violated: 1, usage: 2, inconclusive: 3 });

/** A claim with its level and the evidence behind it, in words. */
export interface Claim {
  readonly level: ClaimLevel;
  readonly evidence: string;
}

/** Strategies whose complete runs are exhaustive within their bounds. */
export const EXHAUSTIVE_STRATEGIES: ReadonlySet<string> = new Set(['dpor', 'dpor-source', 'dfs', 'bfs']);

/** The verdict and claim an outcome supports. */
export function verdictOf(o: ExploreOutcome): { verdict: Verdict; claim: Claim } {
  if (o.violation) {
    return { verdict: 'violated', claim: { level: 'absent', evidence: `invariant '${o.violation.violation?.invariant}' violated in execution ${o.violation.index}` } };
  }
  if (o.executions === 0) return { verdict: 'inconclusive', claim: { level: 'absent', evidence: 'no execution ran' } };
  if (EXHAUSTIVE_STRATEGIES.has(o.strategy) && o.bounded) {
    const b = o.bounded;
    if (o.complete && b.cuts.length === 0) {
      return { verdict: 'held', claim: { level: 'verified', evidence: `exhaustive within bounds (${b.within}): ${o.executions} executions, no violation` } };
    }
    const cuts = b.cuts.map((c) => `${c.bound} ${c.limit}: ${c.cut}`).join('; ');
    return { verdict: 'inconclusive', claim: { level: 'sampled', evidence: `bounded result, not exhaustive: cut by ${cuts}; no violation in the ${o.executions} executions explored (within ${b.within})` } };
  }
  if (EXHAUSTIVE_STRATEGIES.has(o.strategy)) {
    if (o.complete && o.depthCut === 0) {
      return { verdict: 'held', claim: { level: 'verified', evidence: `exhaustive within bounds: ${o.executions} executions, no violation` } };
    }
    return { verdict: 'inconclusive', claim: { level: 'sampled', evidence: `exhaustive search cut by a bound after ${o.executions} executions (${o.depthCut} cut by depth); no violation in what was explored` } };
  }
  return { verdict: 'held', claim: { level: 'sampled', evidence: `${o.executions} sampled executions, no violation (a sample, not a proof)` } };
}
