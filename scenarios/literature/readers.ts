// Literature program readers(N) (Abdulla et al. 2014): one writer sets x = 42, N readers read x
// once each. 2^N Mazurkiewicz traces (each read is before or after the write). Used to validate
// DPOR counts; no invariant, no mutant.
import type { ThreadProgram } from '../../sim/threads.js';
import type { Scenario } from '../types.js';
import { sizeParam, threadWorld, tid } from './common.js';

/** One access, then done. */
function once(id: string, op: { op: 'read'; cell: string } | { op: 'write'; cell: string; value: number }): ThreadProgram {
  return { id, init: { done: 0 }, next: (l) => (l.done ? null : op), resume: () => ({ done: 1 }) };
}

/** readers(N) threads: `w` writes x, r1..rN read it. */
export function readersThreads(n: number): ThreadProgram[] {
  const out = [once('w', { op: 'write', cell: 'x', value: 42 })];
  for (let i = 1; i <= n; i++) out.push(once(tid('r', i, n + 1), { op: 'read', cell: 'x' }));
  return out;
}

export const readersScenario: Scenario = {
  id: 'readers',
  title: 'readers(N) (DPOR literature benchmark)',
  goal: 'One writer and N readers of one cell; 2^N traces. Validates DPOR execution counts.',
  version: 1,
  params: [sizeParam('number of reader threads', 6, 1, 30)],
  mutants: [],
  invariants: [],
  terminal: [],
  faults: {},
  depthMax: 10_000,
  build: ({ params }) => threadWorld(readersThreads(params.n!)),
};
