// Issue 3 acceptance on the lease model: dpor finds the unfenced-store violation, bfs finds one no
// longer than any other explorer's, and a bounded exhaustive run says which bound cut it and
// what the result holds within. The message-fault budget is 0 here to keep the test fast: the
// violation needs only message delay (a WRITE overtaken by a lease expiry and a newer write).
// The exhaustive (verified) run within the scenario's stated bounds, and that those bounds catch
// every mutant, are checked by harness/stated-bounds/leases.test.ts from `leasesScenario.stated`.
import { describe, expect, it } from 'vitest';
import { runExplore, type ExploreRequest } from '../run.js';
import { followChoices } from '../replay.js';

const NO_FAULTS = { drop: 0, duplicate: 0, corrupt: 0, reorder: 0, crash: 0, restart: 0, inject: 0 };
const base: ExploreRequest = { scenario: 'leases', mutant: 'unfenced-store', faults: NO_FAULTS, minimize: false };

describe('leases, mutant unfenced-store', () => {
  const dpor = runExplore({ ...base, strategy: 'dpor', depthMax: 12 });
  const bfs = runExplore({ ...base, strategy: 'bfs' });
  const random = runExplore({ ...base, strategy: 'random', seed: 1 });

  it('dpor finds the violation, and its trace replays to the same violation', () => {
    expect(dpor.summary.verdict).toBe('violated');
    expect(dpor.outcome.violation?.violation?.invariant).toBe('stale-or-unfenced-rejected');
    const again = followChoices(dpor.setup, dpor.outcome.violation!.choices).record;
    expect(again.violation?.invariant).toBe('stale-or-unfenced-rejected');
  });

  it('bfs finds one no longer than dpor\'s or random\'s', () => {
    expect(bfs.outcome.violation?.violation?.invariant).toBe('stale-or-unfenced-rejected');
    const len = bfs.outcome.violation!.choices.length;
    for (const other of [dpor, random]) {
      expect(other.outcome.violation).not.toBeNull();
      expect(len).toBeLessThanOrEqual(other.outcome.violation!.choices.length);
    }
  });
});

describe('leases, correct model, bounded', () => {
  it('a run cut by a bound says which bound, how much it cut, and that the result is bounded', () => {
    const run = runExplore({ scenario: 'leases', strategy: 'dpor', params: { attempts: 1 }, faults: { ...NO_FAULTS, drop: 1, duplicate: 1 }, executionsMax: 300, minimize: false });
    expect(run.summary.verdict).toBe('inconclusive');
    expect(run.outcome.complete).toBe(false);
    expect(run.outcome.bounded?.cuts.map((c) => c.bound)).toContain('executionsMax');
    expect(run.summary.claim.evidence).toMatch(/bounded result, not exhaustive: cut by executionsMax 300/);
    expect(run.summary.claim.evidence).toMatch(/drop 1, duplicate 1, corrupt 0/);
    expect(run.summary.claim.evidence).toMatch(/attempts=1/);
  });
});
