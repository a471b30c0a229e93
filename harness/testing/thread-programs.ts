// Generated thread programs for differential tests (fast-check arbitraries): straight-line
// threads of reads, writes and CAS over a few cells, optionally under a lock, and invariants
// "not (x = vx and y = vy)" over pairs of cells. Shared by harness/explore/differential.test.ts
// and harness/pool/dpor-split.test.ts so both compare search engines on the same program shapes.
import fc from 'fast-check';
import type { ThreadOp, ThreadProgram } from '../../sim/threads.js';
import type { Invariant } from '../../scenarios/types.js';

/** A pair condition over two cells. */
export interface CellPair { x: string; y: string; vx: number; vy: number }

/** One access over `cells`. */
export function opArb(cells: readonly string[]): fc.Arbitrary<ThreadOp> {
  return fc.oneof(
    fc.record({ op: fc.constant('read' as const), cell: fc.constantFrom(...cells) }),
    fc.record({ op: fc.constant('write' as const), cell: fc.constantFrom(...cells), value: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ op: fc.constant('cas' as const), cell: fc.constantFrom(...cells), expect: fc.integer({ min: 0, max: 1 }), value: fc.integer({ min: 1, max: 2 }) }),
  );
}

/** A thread body: 1–3 accesses, optionally wrapped in lock/unlock of `m`. */
export function bodyArb(cells: readonly string[]): fc.Arbitrary<{ ops: ThreadOp[]; locked: boolean }> {
  return fc.record({ ops: fc.array(opArb(cells), { minLength: 1, maxLength: 3 }), locked: fc.boolean() });
}

/** A pair condition over `cells`. */
export function pairArb(cells: readonly string[]): fc.Arbitrary<CellPair> {
  return fc.record({ x: fc.constantFrom(...cells), y: fc.constantFrom(...cells), vx: fc.integer({ min: 0, max: 3 }), vy: fc.integer({ min: 0, max: 3 }) });
}

/** Straight-line thread; a write stores value + (last value read), so reads matter. */
export function straightLine(id: string, body: { ops: ThreadOp[]; locked: boolean }): ThreadProgram {
  const ops: ThreadOp[] = body.locked ? [{ op: 'lock', cell: 'm' }, ...body.ops, { op: 'unlock', cell: 'm' }] : body.ops;
  return {
    id,
    init: { pc: 0, acc: 0 },
    next: (l) => {
      const op = ops[l.pc!];
      if (!op) return null;
      return op.op === 'write' ? { ...op, value: op.value + l.acc! } : op;
    },
    resume: (l, v) => ({ pc: l.pc! + 1, acc: ops[l.pc!]!.op === 'read' ? v : l.acc! }),
  };
}

/** The invariant "not (x = vx and y = vy)", reading both cells. */
export function pairInvariant(p: CellPair, id: string): Invariant {
  return {
    id, description: `not (${p.x}=${p.vx} and ${p.y}=${p.vy})`, reads: [p.x, p.y],
    check: (v) => (v.cell(p.x) === p.vx && v.cell(p.y) === p.vy ? `${p.x}=${p.vx} and ${p.y}=${p.vy}` : null),
  };
}
