// labTest/labRun: a held scenario passes, a mutant is caught with the invariant it names, and a
// failing expectation reports the saved trace and the command that reproduces it.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrace } from '../../reports/trace.js';
import { replayTrace } from '../replay.js';
import { labRun, labTest } from './labtest.js';

const dir = mkdtempSync(join(tmpdir(), 'racelab-labtest-'));

describe('labTest as a user writes it', () => {
  labTest('leases', { strategy: 'random', budget: { executionsMax: 100 }, outDir: join(dir, 'a') });
  labTest('leases', { mutant: 'reuse-token', expect: { violated: 'tokens-increase' }, outDir: join(dir, 'b') });
});

describe('labRun', () => {
  it('fails a held expectation on a mutant, naming the invariant, the saved trace and the reproduce command', () => {
    const r = labRun('leases', { mutant: 'unfenced-store', outDir: join(dir, 'c') });
    expect(r.ok).toBe(false);
    expect(r.message).toContain("invariant 'stale-or-unfenced-rejected' violated");
    expect(r.message).toContain(`reproduce: npx racelab replay ${join(dir, 'c', 'counterexample.json')}`);
    expect(existsSync(join(dir, 'c', 'counterexample.html'))).toBe(true);
    const path = r.tracePath!;
    expect(replayTrace(parseTrace(readFileSync(path, 'utf8'), path), path).reproduced).toBe(true);
  });

  it('fails when the expected invariant is not the one violated', () => {
    const r = labRun('leases', { mutant: 'reuse-token', expect: { violated: 'one-writer-per-token' }, outDir: join(dir, 'd') });
    expect(r.ok).toBe(false);
    expect(r.message).toContain("expected 'one-writer-per-token' to be violated, but 'tokens-increase' was");
  });

  it('fails an expected violation that the budget did not find', () => {
    const r = labRun('leases', { expect: { violated: 'tokens-increase' }, budget: { executionsMax: 20 }, outDir: join(dir, 'e') });
    expect(r.ok).toBe(false);
    expect(r.message).toContain('20 sampled executions, no violation');
  });
});
