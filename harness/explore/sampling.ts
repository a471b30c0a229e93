// The shared loop of the sampling explorers that have their own chooser (pct, swarm): run
// executions [from, to), execution i with the chooser built for (seed, i), and aggregate what was
// actually explored. Owns only the aggregation; the strategy lives in the chooser. Stops at the
// first violating execution, which is therefore the first in index order.
import { faultCountsZero } from '../../sim/faults.js';
import { runExecution, type Chooser, type ExecutionRecord } from '../execution.js';
import type { RunSetup } from '../setup.js';
import { addFaultCounts } from '../../sim/faults.js';
import type { ExploreOptions, ExploreOutcome, ProgressFn } from './types.js';

/** Builds the chooser of execution `index`; it must depend only on (opts.seed, index). */
export type ChooserFactory = (index: number) => Chooser;

/** Runs executions [from, to) with `chooserFor(i)` and aggregates them into an outcome. */
export function sampleRange(
  setup: RunSetup,
  opts: ExploreOptions,
  from: number,
  to: number,
  chooserFor: ChooserFactory,
  progress?: ProgressFn,
): ExploreOutcome {
  let steps = 0;
  let terminal = 0;
  let depthCut = 0;
  let faultsFired = faultCountsZero();
  let violation: ExecutionRecord | null = null;
  let executions = 0;
  for (let i = from; i < to; i++) {
    const rec = runExecution(setup, i, chooserFor(i), opts.depthMax);
    executions++;
    steps += rec.steps;
    faultsFired = addFaultCounts(faultsFired, rec.faults);
    if (rec.end === 'terminal' || rec.end === 'stopped') terminal++;
    if (rec.end === 'depth') depthCut++;
    if (progress && executions % 100 === 0) progress({ executions, steps, violations: rec.violation ? 1 : 0 });
    if (rec.violation) {
      violation = rec;
      break;
    }
  }
  return {
    strategy: opts.strategy,
    executions,
    steps,
    terminal,
    depthCut,
    faultsFired,
    stats: {},
    complete: violation === null && executions === to - from,
    violation,
  };
}
