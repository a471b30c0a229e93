// Footprints and the clock (issue 3 follow-up): a step reads `clock` only when it uses `now` or
// changes the timer queue (schedules or cancels a timer), and a timer firing writes `clock`. So a
// plain delivery is independent of timer firings, and a delivery that arms or disarms a timer is
// not. The differential test (harness/explore/differential.test.ts) shows the search stays sound.
import { describe, expect, it } from 'vitest';
import { setup as xsetup } from 'xstate';
import { choiceKey, footprintsConflict } from './choice.js';
import { netSend } from './conventions.js';
import { faultBudget } from './faults.js';
import { createWorld, enabled, step, type World, type WorldSpec } from './world.js';

/** q: on M in `idle` does `onM` ('stay', 'arm' a 50 ms timer, or 'disarm' its pending one). */
function qMachine(initial: 'idle' | 'armed', onM: 'stay' | 'arm' | 'disarm') {
  const target = onM === 'arm' ? 'armed' : onM === 'disarm' ? 'idle' : undefined;
  return xsetup({}).createMachine({
    id: 'q', initial,
    states: {
      idle: { on: { M: target ? { target } : {} } },
      armed: { after: { 50: 'idle' }, on: { M: target === 'idle' ? { target: 'idle' } : {} } },
    },
  });
}

function worldOf(initial: 'idle' | 'armed', onM: 'stay' | 'arm' | 'disarm'): World {
  const p = xsetup({}).createMachine({ id: 'p', entry: netSend('q', () => ({ type: 'M' })) });
  const spec: WorldSpec = {
    actors: [{ id: 'p', machine: p }, { id: 'q', machine: qMachine(initial, onM) }],
    faults: faultBudget(), partitionMs: 0, injectables: [], crashable: [],
  };
  return createWorld(spec);
}

function fpOf(w: World, key: string) {
  const c = enabled(w).find((e) => choiceKey(e) === key);
  expect(c, `${key} enabled`).toBeDefined();
  return step(w, c!).footprint;
}

describe('a delivery reads the clock only when it touches a timer', () => {
  it('a delivery that neither schedules nor cancels a timer does not read clock', () => {
    const fp = fpOf(worldOf('idle', 'stay'), 'deliver p#0');
    expect(fp.reads).not.toContain('clock');
    expect(fp.writes).toContain('actor:q');
  });

  it('a delivery that schedules a timer reads clock and writes the timer', () => {
    const fp = fpOf(worldOf('idle', 'arm'), 'deliver p#0');
    expect(fp.reads).toContain('clock');
    expect(fp.writes.some((x) => x.startsWith('timer:q/'))).toBe(true);
  });

  it('a delivery that cancels the pending timer reads clock, and conflicts with that timer firing', () => {
    const w = worldOf('armed', 'disarm');
    const deliver = fpOf(w, 'deliver p#0');
    const timerKey = enabled(w).map(choiceKey).find((k) => k.startsWith('timer q/'));
    expect(timerKey).toBeDefined();
    const fire = fpOf(w, timerKey!);
    expect(deliver.reads).toContain('clock');
    expect(fire.writes).toContain('clock');
    expect(footprintsConflict(deliver, fire)).toBe(true);
  });

  it('with a timer pending, a delivery that leaves it alone still reads no clock', () => {
    const w = worldOf('armed', 'stay');
    const deliver = fpOf(w, 'deliver p#0');
    const fire = fpOf(w, enabled(w).map(choiceKey).find((k) => k.startsWith('timer q/'))!);
    // Both steps act on q, so they stay ordered through `actor:q`; the clock adds nothing.
    expect(deliver.reads).not.toContain('clock');
    expect(fire.writes).toContain('clock');
  });
});
