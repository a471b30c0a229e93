// The regression corpus: every trace in seeds/ must replay exactly (same events at every step,
// same violated invariant at the same step). A seed that stops reproducing fails CI.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrace } from '../reports/trace.js';
import { replayTrace } from './replay.js';
import { SCENARIOS } from '../scenarios/registry.js';

const dir = 'seeds';
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('seeds/ regression corpus', () => {
  it('holds at least one counterexample for every mutant of the lease scenario', () => {
    const lease = SCENARIOS.find((s) => s.id === 'leases')!;
    for (const m of lease.mutants) expect(files).toContain(`leases.${m.name}.json`);
  });

  it.each(files)('%s replays exactly', (file) => {
    const path = join(dir, file);
    const trace = parseTrace(readFileSync(path, 'utf8'), path);
    expect(file).toBe(`${trace.scenario.id}.${trace.scenario.mutant}.json`);
    const r = replayTrace(trace, path);
    expect(r.mismatch).toBeNull();
    expect(r.reproduced).toBe(true);
    expect(r.violation?.invariant).toBe(trace.violation?.invariant);
    const mutant = SCENARIOS.find((s) => s.id === trace.scenario.id)?.mutants.find((m) => m.name === trace.scenario.mutant);
    expect(r.violation?.invariant, 'a seed must show its mutant violating the invariant the mutant names').toBe(mutant?.expect);
  });
});
