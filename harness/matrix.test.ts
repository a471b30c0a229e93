// The mutant kill matrix as a CI check, generic over the registries: every mutant of every
// registered scenario must be killed (its named invariant violated) by at least one registered
// explorer within the default budget. Also: `racelab matrix` writes the CSV it promises, and a
// budget too small to find a mutant is reported as a survivor with exit code 3.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/registry.js';
import { EXPLORERS } from './explore/registry.js';
import { runCli } from './cli/main.js';
import { memoryIo } from './cli/io.js';
import { MATRIX_EXECUTIONS_MAX_DEFAULT, runMatrix } from './matrix.js';

const mutants = SCENARIOS.flatMap((s) => s.mutants.map((m) => [s.id, m.name, m.expect] as const));

describe('mutant kill matrix (every registered scenario × mutant)', () => {
  it('the registries hold explorers and mutants to check', () => {
    expect(EXPLORERS.map((e) => e.name)).toEqual(expect.arrayContaining(['random', 'pct', 'swarm']));
    expect(mutants.length).toBeGreaterThan(0);
  });

  it.each(mutants)('%s/%s is killed (violates %s) by some explorer within the default budget', (scenario, mutant, expectInv) => {
    const r = runMatrix({ scenarios: [scenario], mutants: [mutant], stopWhenKilled: true });
    const k = r.mutants.find((x) => x.mutant === mutant)!;
    const tried = r.cells.filter((c) => c.mutant === mutant).map((c) => `${c.explorer}: ${c.found ? `${c.invariant} @${c.executions}` : 'not found'}`);
    expect(k.killedBy.length, `${scenario}/${mutant} survived ${MATRIX_EXECUTIONS_MAX_DEFAULT} executions per explorer (${tried.join('; ')})`).toBeGreaterThan(0);
    expect(r.cells.find((c) => c.mutant === mutant && c.explorer === k.killedBy[0])!.invariant).toBe(expectInv);
  });
});

describe('racelab matrix', () => {
  it('writes one CSV row per scenario × mutant × explorer with found, executions and invariant', () => {
    const out = mkdtempSync(join(tmpdir(), 'racelab-matrix-'));
    const io = memoryIo();
    const code = runCli(['matrix', '--scenarios', 'mesh-consensus', '--explorers', 'random,swarm', '--executions', '200', '--out', out], io) as number;
    const lines = readFileSync(join(out, 'matrix.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('scenario,mutant,explorer,found,executions_run,executions_to_first_violation,invariant,expected_invariant,named,seed,executions_max');
    const n = SCENARIOS.find((s) => s.id === 'mesh-consensus')!.mutants.length;
    expect(lines.length - 1).toBe(n * 2);
    expect(lines).toContain('mesh-consensus,late-timeout,random,yes,1,1,job-deadline,job-deadline,yes,1,200');
    expect(code).toBe(0);
    expect(io.stdout.at(-1)).toMatch(/^every mutant killed/);
  });

  it('reports a survivor and exits 3 when the budget is too small to find a mutant', () => {
    const out = mkdtempSync(join(tmpdir(), 'racelab-matrix-'));
    const io = memoryIo();
    const code = runCli(['matrix', '--scenarios', 'mesh-consensus', '--explorers', 'random', '--executions', '1', '--out', out], io) as number;
    expect(code).toBe(3);
    expect(io.stdout.join('\n')).toMatch(/SURVIVED mesh-consensus\/dup-votes/);
    expect(readFileSync(join(out, 'matrix.csv'), 'utf8')).toMatch(/mesh-consensus,dup-votes,random,no,1,,,quorum-for-completion,no,1,1/);
  });
});
