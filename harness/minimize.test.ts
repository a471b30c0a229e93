// The minimizer on the lease mutants: deterministic, never longer, same invariant, and its
// "shortest" claim checked against an independent brute-force enumeration of every shorter
// choice sequence. `racelab minimize` writes a trace that replays and re-minimizes to itself.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choiceKey } from '../sim/choice.js';
import { createWorld, enabled, step, type World } from '../sim/world.js';
import { parseTrace, traceText } from '../reports/trace.js';
import { memoryIo } from './cli/io.js';
import { runCliAsync } from './cli/main.js';
import { minimizeExecution } from './minimize.js';
import { checkInvariants } from './oracles.js';
import { replayTrace } from './replay.js';
import { runExplore } from './run.js';
import type { RunSetup } from './setup.js';

/** Every choice sequence of exactly `len` steps from the initial world violating `inv` (no other invariant first). */
function bruteForce(setup: RunSetup, inv: string, len: number): string[] | null {
  const walk = (w: World, path: string[]): string[] | null => {
    if (path.length === len) return null;
    for (const c of enabled(w)) {
      const next = step(w, c).world;
      const v = checkInvariants(setup.scenario, next);
      const p = [...path, choiceKey(c)];
      if (v?.invariant === inv && p.length === len) return p;
      if (!v) {
        const r = walk(next, p);
        if (r) return r;
      }
    }
    return null;
  };
  return walk(createWorld(setup.spec), []);
}

describe('minimizeExecution', () => {
  it('reuse-token: proves a 3-step counterexample shortest, and brute force agrees no 1- or 2-step one exists', () => {
    const run = runExplore({ scenario: 'leases', mutant: 'reuse-token', seed: '1', minimize: false });
    const m = minimizeExecution(run.setup, run.outcome.violation!);
    expect(m.shortest).toBe(true);
    expect(m.record.choices.length).toBeLessThan(run.outcome.violation!.choices.length);
    for (let len = 1; len < m.record.choices.length; len++) expect(bruteForce(run.setup, m.invariant, len)).toBeNull();
    expect(bruteForce(run.setup, m.invariant, m.record.choices.length)).not.toBeNull();
  });

  it('is deterministic and keeps the same invariant with the search off (ddmin alone)', () => {
    const run = runExplore({ scenario: 'leases', mutant: 'skip-integrity', seed: '1', minimize: false });
    const opts = { candidatesMax: 5000, searchStatesMax: 0 };
    const a = minimizeExecution(run.setup, run.outcome.violation!, opts);
    const b = minimizeExecution(run.setup, run.outcome.violation!, opts);
    expect(a.record.choices).toEqual(b.record.choices);
    expect(a.invariant).toBe('issued-tokens-only');
    expect(a.record.violation?.invariant).toBe('issued-tokens-only');
    expect(a.record.choices.length).toBeLessThan(run.outcome.violation!.choices.length);
    expect(a.shortest).toBe(false);
    expect(a.limitHit).toBeNull();
  });

  it('stops at candidatesMax and still returns a valid counterexample', () => {
    const run = runExplore({ scenario: 'leases', mutant: 'skip-integrity', seed: '1', minimize: false });
    const m = minimizeExecution(run.setup, run.outcome.violation!, { candidatesMax: 3, searchStatesMax: 0 });
    expect(m.candidates).toBe(3);
    expect(m.limitHit).toBe('candidatesMax');
    expect(m.record.violation?.invariant).toBe('issued-tokens-only');
  });
});

describe('racelab minimize', () => {
  it('writes a minimized trace that replays, and minimizing it again changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racelab-min-'));
    const raw = runExplore({ scenario: 'leases', mutant: 'skip-integrity', seed: '1', minimize: false }).trace!;
    const file = join(dir, 'ce.json');
    writeFileSync(file, traceText(raw));
    const io = memoryIo();
    expect(await runCliAsync(['minimize', file], io)).toBe(0);
    expect(io.stdout[0]).toMatch(new RegExp(`^MINIMIZED .*: ${raw.choices.length} → \\d+ choices, still violating issued-tokens-only`));
    expect(io.stdout.join('\n')).toContain(`reproduce: npx racelab replay ${join(dir, 'ce.min.json')}`);
    const min = parseTrace(readFileSync(join(dir, 'ce.min.json'), 'utf8'), 'ce.min.json');
    expect(min.choices.length).toBeLessThan(raw.choices.length);
    expect(min.minimized?.originalChoices).toBe(raw.choices.length);
    expect(replayTrace(min, 'ce.min.json').reproduced).toBe(true);
    expect(readFileSync(join(dir, 'ce.min.html'), 'utf8')).toContain('issued-tokens-only');
    expect(await runCliAsync(['minimize', join(dir, 'ce.min.json'), '--out', join(dir, 'again.json'), '--quiet'], memoryIo())).toBe(0);
    const again = parseTrace(readFileSync(join(dir, 'again.json'), 'utf8'), 'again.json');
    expect(again.choices).toEqual(min.choices);
    expect(again.minimized?.originalChoices).toBe(raw.choices.length);
  });

  it('refuses a trace without a violation (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racelab-min-'));
    const raw = runExplore({ scenario: 'leases', mutant: 'reuse-token', seed: '1' }).trace!;
    const { sha256: _s, ...body } = raw;
    const { sealTrace } = await import('../reports/trace.js');
    const clean = sealTrace({ ...body, violation: null });
    writeFileSync(join(dir, 'clean.json'), traceText(clean));
    const io = memoryIo();
    expect(await runCliAsync(['minimize', join(dir, 'clean.json')], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/records no violation/);
  });
});
