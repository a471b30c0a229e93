// Literature program indexer(N) (Flanagan & Godefroid 2005): N threads insert four values each
// into a 128-slot hash table with compare-and-swap, probing linearly on collision. Threads first
// collide at N = 12. Terminal oracle `all-inserted`: every inserted value ends up in the table as
// many times as it was inserted. Mutant `plain-write` replaces the CAS by a read then a write
// (check-then-act), which loses an insertion when two threads race on one slot.
import type { ThreadProgram, ThreadLocal } from '../../sim/threads.js';
import type { WorldView } from '../../sim/view.js';
import type { Invariant, Scenario } from '../types.js';
import { at, sizeParam, threadWorld, tid } from './common.js';

/** Table size and insertions per thread, from the benchmark. */
export const INDEXER_TABLE_SIZE = 128;
const INSERTS = 4;

const valueOf = (i: number, t: number): number => i * 11 + t;
const hashOf = (w: number): number => (w * 7) % INDEXER_TABLE_SIZE;

/** Thread `t`: for i = 0..3, `while (!CAS(table[h], 0, w)) h = (h+1) % 128`. */
function inserter(id: string, t: number, plainWrite: boolean): ThreadProgram {
  const start = (i: number): ThreadLocal => ({ t, i, h: hashOf(valueOf(i, t)), pc: 0 });
  const advance = (l: ThreadLocal, ok: boolean): ThreadLocal =>
    ok ? start(l.i! + 1) : { ...l, h: (l.h! + 1) % INDEXER_TABLE_SIZE, pc: 0 };
  return {
    id,
    init: start(0),
    next(l) {
      if (l.i! >= INSERTS) return null;
      const cell = at('table', l.h!);
      const w = valueOf(l.i!, t);
      if (!plainWrite) return { op: 'cas', cell, expect: 0, value: w };
      return l.pc === 0 ? { op: 'read', cell } : { op: 'write', cell, value: w };
    },
    resume(l, result) {
      if (!plainWrite) return advance(l, result === 1);
      if (l.pc === 0) return result === 0 ? { ...l, pc: 1 } : advance(l, false);
      return advance(l, true);
    },
  };
}

/** indexer(N) threads t0..t(N-1); `plainWrite` builds the mutant. */
export function indexerThreads(n: number, plainWrite = false): ThreadProgram[] {
  return Array.from({ length: n }, (_, t) => inserter(tid('t', t, n), t, plainWrite));
}

function missingInsertion(v: WorldView): string | null {
  const want = new Map<number, number>();
  for (const id of v.threadIds) {
    const t = v.thread(id).local.t!;
    for (let i = 0; i < INSERTS; i++) {
      const w = valueOf(i, t);
      if (w !== 0) want.set(w, (want.get(w) ?? 0) + 1);
    }
  }
  const got = new Map<number, number>();
  for (let h = 0; h < INDEXER_TABLE_SIZE; h++) {
    const x = v.cell(at('table', h));
    if (x !== 0) got.set(x, (got.get(x) ?? 0) + 1);
  }
  for (const [w, k] of [...want].sort((a, b) => a[0] - b[0])) {
    if ((got.get(w) ?? 0) !== k) return `value ${w} was inserted ${k} time(s) but the table holds it ${got.get(w) ?? 0} time(s)`;
  }
  return null;
}

const terminal: Invariant[] = [
  { id: 'all-inserted', description: 'at the end, the table holds every inserted value as many times as it was inserted', reads: ['table'], check: missingInsertion },
];

export const indexerScenario: Scenario = {
  id: 'indexer',
  title: 'indexer(N) (DPOR literature benchmark)',
  goal: 'N threads insert into a lock-free hash table with CAS; validates DPOR counts (threads collide from N = 12) and that a lost insertion is found.',
  version: 1,
  params: [sizeParam('number of inserting threads', 12, 1, 20)],
  mutants: [{ name: 'plain-write', description: 'insert with a read then a write instead of CAS (check-then-act)', expect: 'all-inserted' }],
  invariants: [],
  terminal,
  faults: {},
  depthMax: 10_000,
  // The first size where threads collide, so the mutant's race exists; no faults (threads only).
  stated: { params: { n: 12 }, faults: {}, executionsMax: 10_000, shortestBy: 'dpor' },
  build: ({ params, mutant }) => threadWorld(indexerThreads(params.n!, mutant === 'plain-write')),
};
