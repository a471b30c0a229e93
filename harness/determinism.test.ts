// Determinism properties of exploration: the same seed gives the same trace hash, and any
// execution of a run can be reproduced alone from (seed, index).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../sim/canonical.js';
import { runExplore } from './run.js';
import { runExecution } from './execution.js';
import { randomChooser } from './explore/random.js';
import { resolveSetup } from './setup.js';
import { summaryText } from '../reports/summary.js';

describe('determinism', () => {
  it('the same seed gives the same trace hash and summary bytes', () => {
    fc.assert(fc.property(fc.oneof(fc.nat(), fc.string({ minLength: 1, maxLength: 12 })), fc.constantFrom('unfenced-store', 'reuse-token', 'skip-integrity'), (seed, mutant) => {
      const a = runExplore({ scenario: 'leases', mutant, seed: String(seed), executionsMax: 150 });
      const b = runExplore({ scenario: 'leases', mutant, seed: String(seed), executionsMax: 150 });
      expect(a.trace?.sha256).toBe(b.trace?.sha256);
      expect(summaryText(a.summary)).toBe(summaryText(b.summary));
    }), { numRuns: 5 });
  });

  it('different seeds explore different executions', () => {
    const hashes = new Set(['1', '2', '3', '4'].map((seed) => runExplore({ scenario: 'leases', mutant: 'unfenced-store', seed, executionsMax: 400 }).trace?.sha256));
    expect(hashes.size).toBeGreaterThan(1);
  });

  it('execution i of a run reproduces alone from (seed, i)', () => {
    const setup = resolveSetup({ scenario: 'leases', mutant: 'unfenced-store' });
    const run = runExplore({ scenario: 'leases', mutant: 'unfenced-store', seed: '5', executionsMax: 400 });
    const rec = run.outcome.violation!;
    expect(rec).not.toBeNull();
    const alone = runExecution(setup, rec.index, randomChooser('5', rec.index, 0.1), 200);
    expect(canonicalJson(alone)).toBe(canonicalJson(rec));
  });
});
