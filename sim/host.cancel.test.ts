// Host effects when a state with a delayed event is entered and left within one transition: the
// cancel from its exit must remove the schedule from its entry (the world applies cancels before
// schedules, so without this the timer would outlive its state).
import { describe, expect, it } from 'vitest';
import { raise, setup } from 'xstate';
import { hostStart } from './host.js';

const passThrough = setup({}).createMachine({
  id: 'pass-through',
  initial: 'a',
  states: {
    a: { entry: raise({ type: 'NEXT' }), on: { NEXT: 'b' }, after: { 50: 'c' } },
    b: { after: { 70: 'c' } },
    c: {},
  },
});

describe('host effects: schedule then cancel in one transition', () => {
  it('drops the timer of a state entered and left in the same macrostep, keeps the one still active', () => {
    const r = hostStart({ id: 'x', machine: passThrough });
    expect(r.snapshot.value).toBe('b');
    expect(r.effects.schedule.map((t) => t.delayMs)).toEqual([70]);
    expect(r.effects.cancel.length).toBe(1);
  });
});
