// Pool worker entry (piscina). Compiled to dist/harness/pool/worker.js and loaded by the pool;
// receives a UnitTask (plain data) and returns a UnitResult (plain data).
// Owns only the worker-side half of the kill test hook: when asked, the worker thread exits
// mid-task, exactly as a crashed worker would, so the coordinator's retry path is exercised.
import { killRequested, runUnitTask, KILL_EXIT_CODE } from './task.js';
import type { UnitResult, UnitTask } from './units.js';

/** Runs one unit in this worker thread. */
export default function runUnit(task: UnitTask): UnitResult {
  if (killRequested(task)) process.exit(KILL_EXIT_CODE);
  return runUnitTask(task);
}
