// The parallel CLI surface: `explore --workers N` and `explore --shard i/N` + `racelab merge`
// write the sequential run's bytes; merge refuses mixed, duplicated or foreign reports (exit 2)
// and names a missing shard (exit 3); the kill hook through the environment gives exit 3 naming
// the lost unit. Needs dist/ for the pooled runs (npm test builds it first).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../main.js';
import { memoryIo } from '../io.js';

const tmp = mkdtempSync(join(tmpdir(), 'racelab-merge-'));
const cli = async (...argv: string[]) => {
  const io = memoryIo();
  const code = await runCliAsync(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
};
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const RUN = ['explore', 'leases', '--mutant', 'skip-integrity', '--executions', '300', '--seed', '1'];

describe('racelab explore --workers / --shard and racelab merge', () => {
  const seq = join(tmp, 'seq');
  const shards = join(tmp, 'shards');

  it('sequential reference run (exit 1, violation)', async () => {
    expect((await cli(...RUN, '--out', seq, '--quiet')).code).toBe(1);
  });

  it('--workers 2 writes the same summary and counterexample bytes', async () => {
    const dir = join(tmp, 'w2');
    expect((await cli(...RUN, '--workers', '2', '--out', dir, '--quiet')).code).toBe(1);
    expect(read(dir, 'summary.json')).toBe(read(seq, 'summary.json'));
    expect(read(dir, 'counterexample.json')).toBe(read(seq, 'counterexample.json'));
  });

  it('two shards then merge: the same bytes, exit 1', async () => {
    for (const s of ['0/2', '1/2']) {
      const r = await cli(...RUN, '--workers', '1', '--shard', s, '--out', shards);
      expect(r.code).toBe(0);
      expect(r.out).toContain("the verdict comes from 'racelab merge'");
    }
    const dir = join(tmp, 'merged');
    const r = await cli('merge', join(shards, 'shard-1-of-2.json'), join(shards, 'shard-0-of-2.json'), '--out', dir);
    expect(r.code).toBe(1);
    expect(read(dir, 'summary.json')).toBe(read(seq, 'summary.json'));
    expect(read(dir, 'counterexample.json')).toBe(read(seq, 'counterexample.json'));
  });

  it('a missing shard: exit 3, the shard and the first uncovered unit are named', async () => {
    const r = await cli('merge', join(shards, 'shard-0-of-2.json'), '--out', join(tmp, 'half'));
    expect(r.code).toBe(3);
    expect(r.err).toContain('missing shard report(s) 1/2');
    expect(read(join(tmp, 'half'), 'summary.json')).toMatch(/unit r5-9 \(executions 5\.\.9\) has no report: shard 1\/2 is missing/);
  });

  it('refuses a shard given twice, a report of another run, and a foreign file (exit 2)', async () => {
    const twice = await cli('merge', join(shards, 'shard-0-of-2.json'), join(shards, 'shard-0-of-2.json'));
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/shard 0\/2 is given twice/);
    const other = join(tmp, 'other');
    expect((await cli(...RUN.slice(0, -2), '--seed', '2', '--workers', '1', '--shard', '1/2', '--out', other)).code).toBe(0);
    const mixed = await cli('merge', join(shards, 'shard-0-of-2.json'), join(other, 'shard-1-of-2.json'));
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/belongs to a different run .*seed or bounds\) differs/);
    const foreign = join(tmp, 'foreign.json');
    writeFileSync(foreign, read(seq, 'summary.json'));
    const f = await cli('merge', foreign);
    expect(f.code).toBe(2);
    expect(f.err).toMatch(/is not a racelab\.shard\/v1 report/);
  });

  it('rejects a bad --shard or --workers with the fix (exit 2)', async () => {
    expect((await cli(...RUN, '--shard', '2/2')).err).toMatch(/i is 0-based and must be below N \(use 1\/2 for the last shard\)/);
    expect((await cli(...RUN, '--shard', 'x')).code).toBe(2);
    expect((await cli(...RUN, '--workers', '0')).err).toMatch(/--workers must be a whole number from 1 to 256/);
  });

  it('RACELAB_TEST_KILL_UNIT=<unit>:2 kills the worker twice: exit 3 naming the lost unit', async () => {
    process.env.RACELAB_TEST_KILL_UNIT = 'r0-4:2';
    try {
      const r = await cli(...RUN, '--workers', '2', '--out', join(tmp, 'killed'));
      expect(r.code).toBe(3);
      expect(r.err).toContain('unit r0-4 was lost');
      expect(r.out).toContain('unit r0-4 (executions 0..4) was lost');
    } finally {
      delete process.env.RACELAB_TEST_KILL_UNIT;
    }
  });
});

describe('SIGINT on the racelab binary', () => {
  it('flushes a partial summary marked inconclusive (exit 3) once units are running', async () => {
    const { spawn } = await import('node:child_process');
    const out = join(tmp, 'sigint');
    const child = spawn(process.execPath, [join('dist', 'harness', 'cli', 'main.js'), 'explore', 'leases', '--executions', '1000000', '--workers', '2', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let stdout = '';
    let sent = false; // one SIGINT only: a second one kills at once, as it should
    child.stdout.on('data', (b: Buffer) => void (stdout += b.toString()));
    // Interrupt as soon as the run announces its plan (the SIGINT handler is installed before).
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      if (!sent && err.includes('work unit(s) on 2 worker(s)')) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(3);
    expect(err).toContain('interrupted (SIGINT)');
    const summary = JSON.parse(read(out, 'summary.json'));
    expect(summary.verdict).toBe('inconclusive');
    expect(summary.claim.evidence).toMatch(/was not completed: the run was interrupted \(SIGINT\)/);
    expect(summary.explored.complete).toBe(false);
    expect(stdout).toContain('INCONCLUSIVE');
  });
});
