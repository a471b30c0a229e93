// Differential test for the host's speed levers (transition memo, inert-scope reuse): exploring
// with them on must produce exactly the same choices, readable events, footprints and world
// hashes as XState's plain pure API, for the correct lease protocol and every mutant, including
// across memo flushes.
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { choiceKey } from './choice.js';
import { configureHostMemo, configureHostScopeReuse, hostMemoStats, HOST_MEMO_ENTRIES_MAX_DEFAULT } from './host.js';
import { worldHash } from './hash.js';
import { createWorld, enabled, step } from './world.js';
import { Stream } from './rng.js';
import { resolveSetup } from '../harness/setup.js';
import { splitFaults } from '../harness/execution.js';

/** Runs `executions` seeded random walks and returns one canonical line per step. */
function walk(mutant: string | null, executions: number): string[] {
  const setup = resolveSetup({ scenario: 'leases', mutant });
  const lines: string[] = [];
  for (let i = 0; i < executions; i++) {
    const sched = Stream.derive('memo-test', 'schedule', i);
    let w = createWorld(setup.spec);
    lines.push(`${i} start ${worldHash(w)}`);
    for (let depth = 0; depth < 60; depth++) {
      const list = enabled(w);
      if (list.length === 0) break;
      const { ordinary, faults } = splitFaults(list);
      const pool = faults.length > 0 && sched.chance(0.3) ? faults : ordinary.length > 0 ? ordinary : faults;
      const c = sched.pick(pool);
      const r = step(w, c);
      w = r.world;
      lines.push(`${i} ${choiceKey(c)} ${canonicalJson(r.event)} ${canonicalJson(r.footprint)} ${worldHash(w)}`);
    }
  }
  return lines;
}

/** The reference: no memo, XState's own `transition` on every step. */
function reference(mutant: string | null, executions: number): string[] {
  configureHostMemo(0);
  configureHostScopeReuse(false);
  const lines = walk(mutant, executions);
  configureHostScopeReuse(true);
  return lines;
}

afterEach(() => {
  configureHostMemo(HOST_MEMO_ENTRIES_MAX_DEFAULT);
  configureHostScopeReuse(true);
});

describe('host transition memo', () => {
  for (const mutant of [null, 'unfenced-store', 'reuse-token', 'skip-integrity']) {
    it(`changes nothing observable on leases (${mutant ?? 'correct'})`, () => {
      const plain = reference(mutant, 60);
      expect(hostMemoStats().hits).toBe(0);
      expect(walk(mutant, 60)).toEqual(plain); // scope reuse alone (memo still off)
      configureHostMemo(HOST_MEMO_ENTRIES_MAX_DEFAULT);
      const memoized = walk(mutant, 60);
      expect(hostMemoStats().hits).toBeGreaterThan(0);
      expect(memoized).toEqual(plain);
    });
  }

  it('stays exact when the bound forces repeated flushes', () => {
    const plain = reference('unfenced-store', 40);
    configureHostMemo(7);
    const tiny = walk('unfenced-store', 40);
    const stats = hostMemoStats();
    expect(stats.entries).toBeLessThanOrEqual(7);
    expect(stats.misses).toBeGreaterThan(7);
    expect(tiny).toEqual(plain);
  });
});
