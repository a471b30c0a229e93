// Tests of the model-based coverage helper on a toy machine: full coverage when every event is
// offered, and an honest miss (named state and transition) when one is not.
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { coverageLine, delivered, measureCoverage, stateUniverse, transitionUniverse } from './coverage.js';
import { integrityOk } from '../../sim/conventions.js';

const toy = setup({
  types: { context: {} as { n: number }, events: {} as { type: string; ok?: boolean } },
  guards: { ok: ({ event }) => event.ok === true, small: ({ context }) => context.n < 2 },
}).createMachine({
  id: 'toy',
  context: { n: 0 },
  initial: 'a',
  states: {
    a: { on: { GO: [{ guard: 'ok', target: 'b' }, { target: 'c' }] } },
    b: { after: { 10: [{ guard: 'small', target: 'a', actions: assign({ n: ({ context }) => context.n + 1 }) }, { target: 'd' }] } },
    c: { on: { BACK: 'a' } },
    d: { type: 'final' },
  },
});

describe('measureCoverage', () => {
  it('reaches 100% of states and transitions when every event is offered', () => {
    const r = measureCoverage(toy, { events: () => [{ type: 'GO', ok: true }, { type: 'GO', ok: false }, { type: 'BACK' }] });
    expect(r.states.total).toBe(stateUniverse(toy).length);
    expect(r.transitions.total).toBe(transitionUniverse(toy).size);
    expect(r.states.missed).toEqual([]);
    expect(r.transitions.missed).toEqual([]);
    expect(coverageLine(r)).toContain('toy: states 4/4');
  });
  it('names what was missed when an event is never offered', () => {
    const r = measureCoverage(toy, { events: () => [{ type: 'GO', ok: true }] });
    expect(r.states.missed).toEqual(['toy.c']);
    expect(r.transitions.missed).toEqual(['toy.a --GO[1]--> toy.c', 'toy.c --BACK[0]--> toy.a']);
  });
  it('runs the state check on every visited snapshot', () => {
    expect(() => measureCoverage(toy, { events: () => [{ type: 'GO', ok: true }], check: (s) => { if (s.value === 'd') throw new Error('reached d'); } })).toThrow('reached d');
  });
  it('counts root-level and wildcard transitions in the universe', () => {
    const rooted = setup({ types: { events: {} as { type: string } } }).createMachine({
      id: 'rooted', initial: 'x', on: { RESET: '.x' },
      states: { x: { on: { GO: 'y', '*': 'z' } }, y: {}, z: {} },
    });
    expect([...transitionUniverse(rooted).values()].sort()).toEqual(['rooted --RESET[0]--> rooted.x', 'rooted.x --*[0]--> rooted.z', 'rooted.x --GO[0]--> rooted.y']);
    expect(measureCoverage(rooted, { events: () => [{ type: 'GO' }] }).transitions.missed).toEqual(['rooted --RESET[0]--> rooted.x', 'rooted.x --*[0]--> rooted.z']);
    expect(measureCoverage(rooted, { events: () => [{ type: 'GO' }, { type: 'OTHER' }, { type: 'RESET' }] }).transitions.missed).toEqual([]);
  });

  it('builds delivered events that pass (or fail) the integrity check', () => {
    expect(integrityOk(delivered('x', { type: 'M', v: 1 }) as never)).toBe(true);
    expect(integrityOk(delivered('x', { type: 'M', v: 1 }, true) as never)).toBe(false);
  });
});
