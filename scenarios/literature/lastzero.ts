// Literature program lastzero(N) (Abdulla et al. 2014): a reader scans array[N..0] for the last
// zero while N writers each set array[j] = array[j-1] + 1. Used to validate DPOR counts; it has no
// invariant (its reader's result differs per schedule by design) and no mutant.
import type { ThreadProgram } from '../../sim/threads.js';
import type { Scenario } from '../types.js';
import { at, sizeParam, threadWorld, tid } from './common.js';

/** Thread 0: `for (i = N; array[i] != 0; i--) ;` — one read per iteration. */
function reader(id: string, n: number): ThreadProgram {
  return {
    id,
    init: { i: n, done: 0 },
    next: (l) => (l.done ? null : { op: 'read', cell: at('array', l.i!) }),
    resume: (l, v) => (v !== 0 && l.i! > 0 ? { i: l.i! - 1, done: 0 } : { i: l.i!, done: 1 }),
  };
}

/** Thread j: `array[j] = array[j-1] + 1` — a read step then a write step. */
function writer(id: string, j: number): ThreadProgram {
  return {
    id,
    init: { pc: 0, v: 0 },
    next: (l) => (l.pc === 0 ? { op: 'read', cell: at('array', j - 1) } : l.pc === 1 ? { op: 'write', cell: at('array', j), value: l.v! + 1 } : null),
    resume: (l, v) => (l.pc === 0 ? { pc: 1, v } : { pc: 2, v: l.v! }),
  };
}

/** lastzero(N) threads: t0 the reader, t1..tN the writers. */
export function lastzeroThreads(n: number): ThreadProgram[] {
  const out = [reader(tid('t', 0, n + 1), n)];
  for (let j = 1; j <= n; j++) out.push(writer(tid('t', j, n + 1), j));
  return out;
}

export const lastzeroScenario: Scenario = {
  id: 'lastzero',
  title: 'lastzero(N) (DPOR literature benchmark)',
  goal: 'A reader looks for the last zero of an array while N writers fill it; validates that DPOR explores one execution per Mazurkiewicz trace.',
  version: 1,
  params: [sizeParam('number of writer threads', 5, 1, 30)],
  mutants: [],
  invariants: [],
  terminal: [],
  faults: {},
  depthMax: 10_000,
  build: ({ params }) => threadWorld(lastzeroThreads(params.n!)),
};
