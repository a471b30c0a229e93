// `--stated` and withStatedBounds: the scenario's bounds are applied, explicit flags win, and a
// scenario without bounds is a one-line usage error (exit 2), not a silent default run.
import { describe, expect, it } from 'vitest';
import { runCli } from './cli/main.js';
import { memoryIo } from './cli/io.js';
import { withStatedBounds } from './stated.js';
import { parseGateConfig } from './gate/config.js';
import { runExplore } from './run.js';
import { shortestByDpor } from './testing/stated-bounds.js';
import { findScenario } from '../scenarios/registry.js';

const b = findScenario('leases')!.stated!;

describe('withStatedBounds', () => {
  it('applies params, the fault budget (unnamed kinds 0), the dpor cap and dpor as the strategy', () => {
    const r = withStatedBounds({ scenario: 'leases' });
    expect(r.strategy).toBe('dpor');
    expect(r.params).toEqual(b.params);
    expect(r.executionsMax).toBe(b.executionsMax);
    for (const [k, v] of Object.entries(r.faults!)) expect(v).toBe(b.faults[k as keyof typeof b.faults] ?? 0);
    expect(Object.values(r.faults!).some((v) => v === 0)).toBe(true);
  });

  it('lets explicit fields win, and gives sampling strategies no execution cap of their own', () => {
    const r = withStatedBounds({ scenario: 'leases', strategy: 'random', faults: { drop: 0 }, params: { attempts: 2 } });
    expect(r.strategy).toBe('random');
    expect(r.faults!.drop).toBe(0);
    expect(r.params).toEqual({ ...b.params, attempts: 2 });
    expect(r.executionsMax).toBeUndefined();
  });
});

describe('racelab explore --stated', () => {
  it('runs within the bounds: the summary states the bounds\' parameters', () => {
    const io = memoryIo();
    const code = runCli(['explore', 'leases', '--stated', '--strategy', 'random', '--executions', '20', '--json', '--out', 'out/test-stated'], io);
    expect(code).toBe(0);
    const summary = JSON.parse(io.stdout.join('\n')) as { scenario: { params: Record<string, number> }; bounds: { faults: Record<string, number> } };
    expect(summary.scenario.params).toMatchObject(b.params);
    expect(summary.bounds.faults.duplicate).toBe(b.faults.duplicate ?? 0);
  });

  it('on a scenario without stated bounds exits 2 with a one-line reason', () => {
    const io = memoryIo();
    expect(runCli(['explore', 'lastzero', '--stated'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/^racelab: scenario 'lastzero' states no bounds.*drop --stated/);
    expect(io.stderr.join('\n')).not.toMatch(/\n\s+at /);
  });
});

describe('gate checks with "stated": true', () => {
  const config = (check: Record<string, unknown>) => JSON.stringify({
    schema: 'racelab.gate-config/v1', checks: [{ id: 'c', strategy: 'dpor', budget: { executionsMax: 10 }, ...check }],
  });

  it('take params and the fault budget from the stated bounds, the check\'s own on top', () => {
    const c = parseGateConfig(config({ scenario: 'leases', stated: true, faults: { drop: 0 } }), 'g.json').checks[0]!;
    expect(c.params).toEqual(b.params);
    expect(c.faults.drop).toBe(0);
    expect(c.faults.duplicate).toBe(b.faults.duplicate ?? 0);
  });

  it('are refused with one line for a scenario without stated bounds, or a non-boolean', () => {
    expect(() => parseGateConfig(config({ scenario: 'lastzero', stated: true }), 'g.json')).toThrow(/checks\[0\]\.stated is true but scenario 'lastzero' states no bounds/);
    expect(() => parseGateConfig(config({ scenario: 'leases', stated: 'yes' }), 'g.json')).toThrow(/checks\[0\]\.stated must be true or false/);
  });
});

describe('the shortest-counterexample check by complete dpor (StatedBounds.shortestBy)', () => {
  it('can fail: an unminimized counterexample of indexer plain-write is longer than the shortest', () => {
    const s = findScenario('indexer')!;
    const shortest = shortestByDpor(s, 'plain-write', 'all-inserted');
    const first = runExplore({ ...withStatedBounds({ scenario: 'indexer', mutant: 'plain-write' }), minimize: false });
    expect(first.trace!.violation!.invariant).toBe('all-inserted');
    expect(first.trace!.choices.length).toBeGreaterThan(shortest);
  });
});
