// Differential soundness test for the exhaustive explorers (issue 3): on generated small programs
// — threads over shared cells, and actors exchanging messages under drop/duplicate/reorder
// faults and a timer — optimal DPOR, source DPOR, stateful BFS and naive DFS must find the same
// set of violated invariants and the same set of terminal world hashes. The generated
// invariants read two objects at once, so they exercise DPOR's invariant dependency (DESIGN.md,
// "DPOR caveat"): without it DPOR misses intermediate states the naive search sees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, setup as xsetup } from 'xstate';
import { netSend } from '../../sim/conventions.js';
import { faultBudget } from '../../sim/faults.js';
import type { ThreadOp, ThreadProgram } from '../../sim/threads.js';
import type { WorldSpec } from '../../sim/world.js';
import type { Invariant, Scenario } from '../../scenarios/types.js';
import type { RunSetup } from '../setup.js';
import { bfsSearch } from './bfs.js';
import { dfsSearch } from './dfs.js';
import { dporSearch } from './dpor.js';
import type { Collected } from './search.js';

const DEPTH = 200;
const BIG = 10_000_000;

function setupOf(spec: WorldSpec, invariants: Invariant[], terminal: Invariant[]): RunSetup {
  const scenario: Scenario = {
    id: 'generated', title: 'generated', goal: 'differential test', version: 1, params: [], mutants: [],
    invariants, terminal, faults: {}, depthMax: DEPTH, build: () => spec,
  };
  return { scenario, mutant: null, params: {}, faults: spec.faults, spec, definitionHash: 'generated' };
}

type Found = { violated: string[]; terminal: string[]; cut: boolean };
const fresh = (): Collected => ({ violated: new Set(), terminalHashes: new Set() });
const found = (c: Collected, cut: boolean): Found => ({ violated: [...c.violated].sort(), terminal: [...c.terminalHashes].sort(), cut });

function allExplorers(s: RunSetup): Record<string, Found> {
  const out: Record<string, Found> = {};
  for (const mode of ['optimal', 'source'] as const) {
    const c = fresh();
    const r = dporSearch(s, { mode, depthMax: DEPTH, executionsMax: BIG, collect: c });
    out[`dpor-${mode}`] = found(c, r.executionsCutByDepth > 0 || r.stoppedBy !== null);
  }
  const cb = fresh();
  const b = bfsSearch(s, { depthMax: DEPTH, statesMax: BIG, collect: cb });
  out.bfs = found(cb, b.statesCutByDepth > 0 || b.stoppedBy !== null);
  const cn = fresh();
  const n = dfsSearch(s, { depthMax: DEPTH, executionsMax: BIG, collect: cn });
  out.naive = found(cn, n.executionsCutByDepth > 0 || n.stoppedBy !== null);
  return out;
}

function expectSame(results: Record<string, Found>): void {
  const base = results.naive!;
  expect(base.cut).toBe(false);
  for (const [name, r] of Object.entries(results)) {
    expect({ name, ...r }).toEqual({ name, ...base });
  }
}

// ---- thread programs ------------------------------------------------------------------------
const CELLS = ['a', 'b', 'c'];
const opArb: fc.Arbitrary<ThreadOp> = fc.oneof(
  fc.record({ op: fc.constant('read' as const), cell: fc.constantFrom(...CELLS) }),
  fc.record({ op: fc.constant('write' as const), cell: fc.constantFrom(...CELLS), value: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ op: fc.constant('cas' as const), cell: fc.constantFrom(...CELLS), expect: fc.integer({ min: 0, max: 1 }), value: fc.integer({ min: 1, max: 2 }) }),
);
/** A thread body: accesses, optionally wrapped in lock/unlock of `m`. */
const bodyArb = fc.record({ ops: fc.array(opArb, { minLength: 1, maxLength: 3 }), locked: fc.boolean() });

/** Straight-line thread; a write stores value + (last value read), so reads matter. */
function straightLine(id: string, body: { ops: ThreadOp[]; locked: boolean }): ThreadProgram {
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

const pairInvArb = fc.record({ x: fc.constantFrom(...CELLS), y: fc.constantFrom(...CELLS), vx: fc.integer({ min: 0, max: 3 }), vy: fc.integer({ min: 0, max: 3 }) });

function cellInvariants(pairs: { x: string; y: string; vx: number; vy: number }[]): Invariant[] {
  return pairs.map((p, k) => ({
    id: `inv${k}`, description: `not (${p.x}=${p.vx} and ${p.y}=${p.vy})`, reads: [p.x, p.y],
    check: (v) => (v.cell(p.x) === p.vx && v.cell(p.y) === p.vy ? `${p.x}=${p.vx} and ${p.y}=${p.vy}` : null),
  }));
}

describe('differential: thread programs', () => {
  it('dpor (optimal, source), bfs and naive dfs agree on violations and terminal states', () => {
    fc.assert(fc.property(
      fc.array(bodyArb, { minLength: 2, maxLength: 3 }), fc.array(pairInvArb, { minLength: 1, maxLength: 3 }), pairInvArb,
      (bodies, pairs, fin) => {
        const threads = bodies.map((b, k) => straightLine(`t${k}`, b));
        const spec: WorldSpec = { actors: [], faults: faultBudget(), partitionMs: 0, injectables: [], crashable: [], threads, cells: {} };
        const terminal = cellInvariants([fin]).map((i) => ({ ...i, id: `final-${i.id}` }));
        expectSame(allExplorers(setupOf(spec, cellInvariants(pairs), terminal)));
      },
    ), { numRuns: 60, seed: 3 });
  });
});

// ---- actors exchanging messages ---------------------------------------------------------------
const ACTORS = ['p', 'q', 'r'];
interface NodeGen { sends: { to: string; v: number }[]; forwardTo: string | null; forwardUpTo: number; timerTo: string | null }
const nodeArb: fc.Arbitrary<NodeGen> = fc.record({
  sends: fc.array(fc.record({ to: fc.constantFrom(...ACTORS), v: fc.integer({ min: 1, max: 3 }) }), { maxLength: 2 }),
  forwardTo: fc.option(fc.constantFrom(...ACTORS), { nil: null }),
  forwardUpTo: fc.integer({ min: 0, max: 1 }),
  timerTo: fc.option(fc.constantFrom(...ACTORS), { nil: null }),
});

type Ctx = { log: number[] };
type Ev = { type: string; v?: number };
/** A node: sends at start, logs every M, forwards the first `forwardUpTo`, one timer send at t=50. */
function nodeMachine(id: string, g: NodeGen) {
  // Typed loosely: the generated machine's actions are assembled from lists.
  const append = assign({ log: ({ context, event }: { context: Ctx; event: Ev }) => [...context.log, event.v ?? 0] }) as never;
  const forward = g.forwardTo === null ? [] : [netSend(g.forwardTo, ({ event }: { event: Ev }) => ({ type: 'M', v: (event.v ?? 0) + 10 }))];
  return xsetup({ types: { context: {} as Ctx, events: {} as Ev } }).createMachine({
    id: `gen-${id}`,
    context: { log: [] },
    entry: g.sends.map((s) => netSend(s.to, () => ({ type: 'M', v: s.v }))),
    initial: 'run',
    states: {
      run: {
        on: { M: [{ guard: ({ context }) => context.log.length < g.forwardUpTo, actions: [append, ...forward] }, { actions: append }] },
        ...(g.timerTo === null ? {} : { after: { 50: { target: 'late', actions: netSend(g.timerTo, () => ({ type: 'M', v: 7 })) } } }),
      },
      late: { on: { M: { actions: append } } },
    },
  });
}

const logInvArb = fc.record({ x: fc.constantFrom(...ACTORS), y: fc.constantFrom(...ACTORS), nx: fc.integer({ min: 0, max: 2 }), ny: fc.integer({ min: 0, max: 2 }) });

function logInvariants(pairs: { x: string; y: string; nx: number; ny: number }[]): Invariant[] {
  return pairs.map((p, k) => ({
    id: `log${k}`, description: `not (|${p.x}|=${p.nx} and |${p.y}|=${p.ny})`, reads: [p.x, p.y],
    check: (v) => {
      const a = v.actor(p.x), b = v.actor(p.y);
      return a.context.log.length === p.nx && b.context.log.length === p.ny && a.state !== b.state + '!' ? 'hit' : null;
    },
  }));
}

describe('differential: actors with message faults and timers', () => {
  it('dpor (optimal, source), bfs and naive dfs agree on violations and terminal states', () => {
    fc.assert(fc.property(
      fc.array(nodeArb, { minLength: 2, maxLength: 3 }), fc.array(logInvArb, { minLength: 1, maxLength: 2 }),
      fc.record({ drop: fc.integer({ min: 0, max: 1 }), duplicate: fc.integer({ min: 0, max: 1 }), reorder: fc.integer({ min: 0, max: 1 }) }),
      (nodes, pairs, faults) => {
        const ids = ACTORS.slice(0, nodes.length);
        const fix = (to: string | null): string | null => (to === null ? null : ids.includes(to) ? to : ids[0]!);
        const actors = nodes.map((g, k) => ({
          id: ids[k]!,
          machine: nodeMachine(ids[k]!, { ...g, sends: g.sends.map((s) => ({ ...s, to: fix(s.to)! })), forwardTo: fix(g.forwardTo), timerTo: fix(g.timerTo) }),
        }));
        const spec: WorldSpec = { actors, faults: faultBudget(faults), partitionMs: 100, injectables: [], crashable: [] };
        const inv = logInvariants(pairs.map((p) => ({ ...p, x: fix(p.x)!, y: fix(p.y)! })));
        expectSame(allExplorers(setupOf(spec, inv, [])));
      },
    ), { numRuns: 40, seed: 5 });
  });
});
