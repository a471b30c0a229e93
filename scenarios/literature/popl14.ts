// The running example of Abdulla, Aronis, Jonsson & Sagonas (POPL 2014): four threads over
// x, y, z. p: x = 1 · q: y = 1 · r: if (y == 0) z = 1 · s: if (z == 1) { if (y == 0) x = 2 }.
// Used to validate DPOR counts. No size parameter, no invariant, no mutant.
import type { ThreadProgram } from '../../sim/threads.js';
import type { Scenario } from '../types.js';
import { threadWorld } from './common.js';

const write = (id: string, cell: string, value: number): ThreadProgram => ({
  id, init: { done: 0 }, next: (l) => (l.done ? null : { op: 'write', cell, value }), resume: () => ({ done: 1 }),
});

/** r: `if (y == 0) z = 1`. */
const r: ThreadProgram = {
  id: 'r',
  init: { pc: 0 },
  next: (l) => (l.pc === 0 ? { op: 'read', cell: 'y' } : l.pc === 1 ? { op: 'write', cell: 'z', value: 1 } : null),
  resume: (l, v) => ({ pc: l.pc === 0 && v === 0 ? 1 : 2 }),
};

/** s: `if (z == 1) { if (y == 0) x = 2 }`. */
const s: ThreadProgram = {
  id: 's',
  init: { pc: 0 },
  next: (l) => (l.pc === 0 ? { op: 'read', cell: 'z' } : l.pc === 1 ? { op: 'read', cell: 'y' } : l.pc === 2 ? { op: 'write', cell: 'x', value: 2 } : null),
  resume: (l, v) => ({ pc: l.pc === 0 ? (v === 1 ? 1 : 3) : l.pc === 1 ? (v === 0 ? 2 : 3) : 3 }),
};

/** The four threads p, q, r, s. */
export function popl14Threads(): ThreadProgram[] {
  return [write('p', 'x', 1), write('q', 'y', 1), r, s];
}

export const popl14Scenario: Scenario = {
  id: 'popl14',
  title: 'POPL 2014 running example (DPOR literature benchmark)',
  goal: 'The four-thread example of the optimal-DPOR paper; validates DPOR execution counts.',
  version: 1,
  params: [],
  mutants: [],
  invariants: [],
  terminal: [],
  faults: {},
  depthMax: 100,
  build: () => threadWorld(popl14Threads()),
};
