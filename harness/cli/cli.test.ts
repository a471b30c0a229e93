// End-to-end acceptance of the walking skeleton through the CLI: explore finds each lease mutant
// and writes byte-identical traces for the same seed, replay reproduces them, and every kind of
// bad trace file exits 2 with a one-line reason and no stack trace.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../sim/canonical.js';
import { runCli } from './main.js';
import { memoryIo } from './io.js';

const tmp = mkdtempSync(join(tmpdir(), 'racelab-cli-'));
const cli = (...argv: string[]) => {
  const io = memoryIo();
  const code = runCli(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
};
/** Re-seals an edited trace object so only the field under test is wrong. */
const reseal = (t: Record<string, unknown>) => {
  const { sha256: _old, ...body } = t;
  return JSON.stringify({ ...body, sha256: sha256Hex(canonicalJson(body)) });
};

describe.each(['unfenced-store', 'reuse-token', 'skip-integrity'])('explore leases --mutant %s --seed 1', (mutant) => {
  const a = join(tmp, `${mutant}-a`);
  const b = join(tmp, `${mutant}-b`);
  it('exits 1, writes counterexample.json, and the same seed writes the same bytes', () => {
    const r1 = cli('explore', 'leases', '--mutant', mutant, '--seed', '1', '--out', a);
    expect(r1.code).toBe(1);
    expect(r1.out).toContain('VIOLATION');
    expect(r1.out).toContain(`npx racelab replay ${join(a, 'counterexample.json')}`);
    const r2 = cli('explore', 'leases', '--mutant', mutant, '--seed', '1', '--out', b);
    expect(r2.code).toBe(1);
    expect(readFileSync(join(b, 'counterexample.json'))).toEqual(readFileSync(join(a, 'counterexample.json')));
    expect(readFileSync(join(b, 'summary.json'))).toEqual(readFileSync(join(a, 'summary.json')));
  });
  it('replay exits 1 and names the reproduced invariant', () => {
    const trace = JSON.parse(readFileSync(join(a, 'counterexample.json'), 'utf8'));
    const r = cli('replay', join(a, 'counterexample.json'));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`REPRODUCED violation of ${trace.violation.invariant}`);
  });
});

describe('replay refuses bad input with exit 2 and a one-line reason', () => {
  const good = join(tmp, 'unfenced-store-a', 'counterexample.json');
  const write = (name: string, text: string) => {
    const p = join(tmp, name);
    writeFileSync(p, text);
    return p;
  };
  const cases: [string, () => string, RegExp][] = [
    ['one changed choice', () => {
      const t = JSON.parse(readFileSync(good, 'utf8'));
      t.choices[1] = t.choices[0];
      return write('edited.json', JSON.stringify(t));
    }, /sha256 mismatch/],
    ['a truncated file', () => write('truncated.json', readFileSync(good, 'utf8').slice(0, 300)), /not valid JSON.*truncated/],
    ['a non-JSON file', () => write('text.json', 'hello, world\n'), /not valid JSON/],
    ['a wrong schema version', () => {
      const t = JSON.parse(readFileSync(good, 'utf8'));
      return write('v9.json', reseal({ ...t, schema: 'racelab.trace/v9' }));
    }, /schema 'racelab.trace\/v9'.*reads 'racelab.trace\/v1'/],
    ['an unknown scenario', () => {
      const t = JSON.parse(readFileSync(good, 'utf8'));
      return write('unknown.json', reseal({ ...t, scenario: { ...t.scenario, id: 'no-such-scenario' } }));
    }, /unknown scenario 'no-such-scenario'/],
    ['foreign JSON', () => write('foreign.json', JSON.stringify({ name: 'package', version: '1.0.0' })), /not a racelab trace/],
    ['a missing file', () => join(tmp, 'does-not-exist.json'), /cannot read/],
  ];
  it.each(cases)('%s', (_name, make, reason) => {
    const r = cli('replay', make());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(reason);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('exits 3 naming the first differing step when a re-sealed trace no longer matches', () => {
    const t = JSON.parse(readFileSync(good, 'utf8'));
    t.events[2].after = 'somewhere-else';
    const r = cli('replay', write('drift.json', reseal(t)));
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/MISMATCH .* at step 2: after: recorded "somewhere-else", replayed/);
  });

  it('exits 3 when the choice list is re-sealed with a choice that is not enabled', () => {
    const t = JSON.parse(readFileSync(good, 'utf8'));
    t.choices[0] = 'deliver nobody#9';
    const r = cli('replay', write('not-enabled.json', reseal(t)));
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/recorded choice 'deliver nobody#9' is not enabled/);
  });
});

describe('explore on the correct lease model', () => {
  it('exits 0 after 2000 executions and reports executions, steps and faults fired', () => {
    const r = cli('explore', 'leases', '--executions', '2000', '--out', join(tmp, 'held'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/explored: 2000 executions, \d+ steps/);
    expect(r.out).toMatch(/faults fired: .*drop \d+.*corrupt \d+/);
    expect(r.out).toContain('HELD (sampled)');
    const summary = JSON.parse(readFileSync(join(tmp, 'held', 'summary.json'), 'utf8'));
    expect(summary.explored.executions).toBe(2000);
    expect(summary.verdict).toBe('held');
    expect(summary.claim.level).toBe('sampled');
    expect(JSON.stringify(summary)).not.toMatch(/time|date|duration/i);
  });
});

describe('usage errors', () => {
  it.each([
    [['explore', 'nope'], /unknown scenario 'nope'; known scenarios: .*leases/],
    [['explore', 'leases', '--mutant', 'nope'], /no mutant 'nope'; its mutants: unfenced-store/],
    [['explore', 'leases', '--executions', 'many'], /--executions needs a whole number/],
    [['explore', 'leases', '--strategy', 'magic'], /unknown strategy 'magic'/],
    [['explore', 'leases', '--bogus'], /Unknown option '--bogus'/],
    [['explore', 'leases', '--faults', 'drop=x'], /--faults takes name=number pairs/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j exits 2 with a reason', (argv, reason) => {
    const r = cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(reason);
  });
  it.each(['list', 'explore', 'replay'])('%s --help prints usage and exits 0', (cmd) => {
    const r = cli(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: racelab ${cmd}`);
  });
});

describe('the installed bin', () => {
  it('runs as a process: exit codes and no stack trace on bad input', () => {
    const bin = join('dist', 'harness', 'cli', 'main.js');
    const ok = spawnSync(process.execPath, [bin, 'replay', join(tmp, 'unfenced-store-a', 'counterexample.json')], { encoding: 'utf8' });
    expect(ok.status).toBe(1);
    const bad = spawnSync(process.execPath, [bin, 'replay', join(tmp, 'text.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
