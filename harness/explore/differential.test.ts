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
import type { WorldSpec } from '../../sim/world.js';
import type { Invariant, Scenario } from '../../scenarios/types.js';
import type { RunSetup } from '../setup.js';
import { bfsSearch } from './bfs.js';
import { dfsSearch } from './dfs.js';
import { dporSearch } from './dpor.js';
import { bfsExplorer, dfsExplorer, dporOptimalExplorer, dporSourceExplorer } from './exhaustive.js';
import type { Collected } from './search.js';
import type { ExploreOptions } from './types.js';
import { bodyArb, pairArb, pairInvariant, straightLine, type CellPair } from '../testing/thread-programs.js';

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

/** Cases whose naive tree is larger than this are skipped (fc.pre), keeping the test fast. */
const NAIVE_EXECUTIONS_MAX = 5_000;

function allExplorers(s: RunSetup): Record<string, Found> | null {
  const out: Record<string, Found> = {};
  const cn = fresh();
  const n = dfsSearch(s, { depthMax: DEPTH, executionsMax: NAIVE_EXECUTIONS_MAX, collect: cn });
  if (n.stoppedBy !== null) return null;
  out.naive = found(cn, n.executionsCutByDepth > 0);
  for (const mode of ['optimal', 'source'] as const) {
    const c = fresh();
    const r = dporSearch(s, { mode, depthMax: DEPTH, executionsMax: BIG, collect: c });
    out[`dpor-${mode}`] = found(c, r.executionsCutByDepth > 0 || r.stoppedBy !== null);
  }
  const cb = fresh();
  const b = bfsSearch(s, { depthMax: DEPTH, statesMax: BIG, collect: cb });
  out.bfs = found(cb, b.statesCutByDepth > 0 || b.stoppedBy !== null);
  return out;
}

/** How many generated cases ran to comparison, and in how many an invariant was violated. */
const tally = { compared: 0, withViolation: 0 };

function expectSame(results: Record<string, Found> | null): void {
  fc.pre(results !== null);
  const base = results.naive!;
  tally.compared++;
  if (base.violated.length > 0) tally.withViolation++;
  expect(base.cut).toBe(false);
  for (const [name, r] of Object.entries(results)) {
    expect({ name, ...r }).toEqual({ name, ...base });
  }
}

// ---- thread programs ------------------------------------------------------------------------
const CELLS = ['a', 'b', 'c'];
const bodyArbC = bodyArb(CELLS);
const pairInvArb = pairArb(CELLS);

function cellInvariants(pairs: CellPair[]): Invariant[] {
  return pairs.map((p, k) => pairInvariant(p, `inv${k}`));
}

describe('differential: thread programs', () => {
  it('dpor (optimal, source), bfs and naive dfs agree on violations and terminal states', () => {
    fc.assert(fc.property(
      fc.array(bodyArbC, { minLength: 2, maxLength: 3 }), fc.array(pairInvArb, { minLength: 1, maxLength: 3 }), pairInvArb,
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
/**
 * `onM` says what a delivered M does to the node's pending timer while it waits in `run`:
 * 'stay' leaves it, 'rearm' re-enters `run` (cancels it and schedules it again at now + timerMs,
 * so the deadline depends on the clock), 'disarm' moves to `quiet` (cancels it).
 */
interface NodeGen {
  sends: { to: string; v: number }[]; forwardTo: string | null; forwardUpTo: number; timerTo: string | null;
  timerMs: number; onM: 'stay' | 'rearm' | 'disarm';
}
const nodeArb: fc.Arbitrary<NodeGen> = fc.record({
  sends: fc.array(fc.record({ to: fc.constantFrom(...ACTORS), v: fc.integer({ min: 1, max: 3 }) }), { maxLength: 2 }),
  forwardTo: fc.option(fc.constantFrom(...ACTORS), { nil: null }),
  forwardUpTo: fc.integer({ min: 0, max: 1 }),
  timerTo: fc.option(fc.constantFrom(...ACTORS), { nil: null }),
  timerMs: fc.constantFrom(30, 50),
  onM: fc.constantFrom('stay' as const, 'rearm' as const, 'disarm' as const),
});

type Ctx = { log: number[] };
type Ev = { type: string; v?: number };
/**
 * A node: sends at start, logs every M, forwards the first `forwardUpTo`, and (with `timerTo`)
 * one timer send `timerMs` after entering `run`; a delivered M may rearm or disarm that timer.
 */
function nodeMachine(id: string, g: NodeGen) {
  // Typed loosely: the generated machine's actions are assembled from lists.
  const append = assign({ log: ({ context, event }: { context: Ctx; event: Ev }) => [...context.log, event.v ?? 0] }) as never;
  const forward = g.forwardTo === null ? [] : [netSend(g.forwardTo, ({ event }: { event: Ev }) => ({ type: 'M', v: (event.v ?? 0) + 10 }))];
  const move = g.timerTo === null || g.onM === 'stay' ? {} : g.onM === 'rearm' ? { target: 'run', reenter: true } : { target: 'quiet' };
  return xsetup({ types: { context: {} as Ctx, events: {} as Ev } }).createMachine({
    id: `gen-${id}`,
    context: { log: [] },
    entry: g.sends.map((s) => netSend(s.to, () => ({ type: 'M', v: s.v }))),
    initial: 'run',
    states: {
      run: {
        on: { M: [{ guard: ({ context }) => context.log.length < g.forwardUpTo, actions: [append, ...forward], ...move }, { actions: append, ...move }] },
        ...(g.timerTo === null ? {} : { after: { [g.timerMs]: { target: 'late', actions: netSend(g.timerTo, () => ({ type: 'M', v: 7 })) } } }),
      },
      quiet: { on: { M: { actions: append } } },
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
    ), { numRuns: 20, seed: 5 });
  });
});

describe('the differential test is not vacuous, and the invariant dependency is what it checks', () => {
  it('generated cases were compared and some of them violated an invariant', () => {
    expect(tally.compared).toBeGreaterThan(20);
    expect(tally.withViolation).toBeGreaterThan(0);
    expect(tally.withViolation).toBeLessThan(tally.compared);
  });

  // t0: a=1; a=0 · t1: b=1; b=0. "not (a=1 and b=1)" fails only in an intermediate state.
  const threads = [
    straightLine('t0', { ops: [{ op: 'write', cell: 'a', value: 1 }, { op: 'write', cell: 'a', value: 0 }], locked: false }),
    straightLine('t1', { ops: [{ op: 'write', cell: 'b', value: 1 }, { op: 'write', cell: 'b', value: 0 }], locked: false }),
  ];
  const spec: WorldSpec = { actors: [], faults: faultBudget(), partitionMs: 0, injectables: [], crashable: [], threads, cells: {} };
  const inv = cellInvariants([{ x: 'a', y: 'b', vx: 1, vy: 1 }]);

  it('with the invariant declaring what it reads, every explorer finds the intermediate violation', () => {
    expectSame(allExplorers(setupOf(spec, inv, [])));
    expect(dporSearch(setupOf(spec, inv, []), { mode: 'optimal', depthMax: DEPTH, executionsMax: BIG }).violationChoices).not.toBeNull();
  });

  it('planted bug: an invariant that hides what it reads is missed by dpor but not by naive search', () => {
    const hidden = inv.map((i) => ({ ...i, reads: [] }));
    const s = setupOf(spec, hidden, []);
    expect(dfsSearch(s, { depthMax: DEPTH, executionsMax: BIG }).violationChoices).not.toBeNull();
    expect(dporSearch(s, { mode: 'optimal', depthMax: DEPTH, executionsMax: BIG }).violationChoices).toBeNull();
  });
});

describe('a step invariant that stops the search counts the execution it stopped in', () => {
  // t0: a=1 (violates "a != 1" at once); t1: b=1. Every explorer's first execution violates.
  const threads = [
    straightLine('t0', { ops: [{ op: 'write', cell: 'a', value: 1 }], locked: false }),
    straightLine('t1', { ops: [{ op: 'write', cell: 'b', value: 1 }], locked: false }),
  ];
  const spec: WorldSpec = { actors: [], faults: faultBudget(), partitionMs: 0, injectables: [], crashable: [], threads, cells: {} };
  const inv: Invariant[] = [{ id: 'a-not-1', description: 'a != 1', reads: ['a'], check: (v) => (v.cell('a') === 1 ? 'a=1' : null) }];
  for (const ex of [dporOptimalExplorer, dporSourceExplorer, dfsExplorer, bfsExplorer]) {
    it(`${ex.name}: a violation in the first execution reports 1 execution and trace index 0`, () => {
      const opts: ExploreOptions = { strategy: ex.name, seed: '1', executionsMax: BIG, depthMax: DEPTH, faultProbability: 0 };
      const o = ex.explore(setupOf(spec, inv, []), opts);
      expect(o.violation?.violation?.invariant).toBe('a-not-1');
      expect(o.executions).toBe(1);
      expect(o.violation?.index).toBe(0);
    });
  }
});
