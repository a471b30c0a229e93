// The async twins used in the peer comparison must be faithful enough to matter: under
// fast-check's scheduler each mutant is caught by the racelab invariant it plants a bug for (or
// another invariant of the same scenario), and the correct protocols hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultPlanArb } from './async-net.js';
import { leasesAsync } from './leases-async.js';
import { meshAsync } from './mesh-async.js';
import type { AsyncRace } from './race.js';

async function firstFailure(twin: AsyncRace, mutant: string | null, numRuns: number): Promise<string | null> {
  let found: string | null = null;
  const prop = fc.asyncProperty(fc.scheduler(), faultPlanArb(twin.sendsMax), async (s, plan) => {
    const v = await twin.run(s, plan, mutant);
    if (v !== null) found ??= v;
    return v === null;
  });
  const r = await fc.check(prop, { seed: 42, numRuns, endOnFailure: true });
  return r.failed ? found : null;
}

describe('async twins under fc.scheduler', () => {
  it.each([
    ['unfenced-store', /^(stale-or-unfenced-rejected|no-lower-after-higher|one-writer-per-token):/],
    ['skip-integrity', /^(issued-tokens-only|one-writer-per-token|stale-or-unfenced-rejected|no-lower-after-higher):/],
    ['reuse-token', /^tokens-increase:/],
  ])('leases %s is caught', async (mutant, expected) => {
    expect(await firstFailure(leasesAsync, mutant, 5000)).toMatch(expected);
  });

  it.each([
    ['dup-votes', /^quorum-for-completion:/],
    ['any-two-votes', /^quorum-for-completion:/],
    ['commit-early', /^phase-order:/],
    ['count-corrupt', /^corrupt-vote-never-counted:/],
  ])('mesh-consensus %s is caught', async (mutant, expected) => {
    expect(await firstFailure(meshAsync, mutant, 20000)).toMatch(expected);
  });

  it('the correct protocols hold on a sample', async () => {
    expect(await firstFailure(leasesAsync, null, 300)).toBeNull();
    expect(await firstFailure(meshAsync, null, 300)).toBeNull();
  });
});
