// The CI gate on the repository's own config (.ci/racelab.gate.json): passes on the correct
// models (exit 0), exits 1 when one check is switched to a mutant (saving a trace that replays
// and printing the command that reproduces it), and exits 3 naming the missing evidence when the
// budget is cut below the required coverage, when the time budget runs out, or when a committed
// seed no longer replays. Also: reports are byte-identical across runs and carry no timings.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrace } from '../../reports/trace.js';
import { memoryIo } from '../cli/io.js';
import { runCliAsync } from '../cli/main.js';
import { replayTrace } from '../replay.js';
import { GATE_CONFIG_DEFAULT_PATH, loadGateConfig } from './config.js';

const tmp = mkdtempSync(join(tmpdir(), 'racelab-gate-'));
const gate = async (...args: string[]) => {
  const io = memoryIo();
  const code = await runCliAsync(['gate', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
};
const cfg = loadGateConfig(GATE_CONFIG_DEFAULT_PATH);
const first = cfg.checks[0]!;

describe('racelab gate on .ci/racelab.gate.json', () => {
  it('is found by default and passes on the correct models (exit 0), writing JSON, JUnit, CSV and Markdown', async () => {
    const out = join(tmp, 'pass');
    const r = await gate('--out', out);
    expect(r.err.split('\n').filter((l) => !l.startsWith('progress:') && l !== '')).toEqual([]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('GATE HELD (exit 0)');
    const report = JSON.parse(readFileSync(join(out, 'gate.json'), 'utf8'));
    expect(report.verdict).toBe('held');
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(cfg.checks.map((c) => c.id));
    for (const c of report.checks) expect(c.explored.executions).toBeGreaterThanOrEqual(c.required.executionsMin);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/failures="0" errors="0"/);
    expect(readFileSync(join(out, 'results.csv'), 'utf8').split('\n')[0]).toMatch(/^check,scenario,mutant,strategy/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/^# racelab gate: held/);
    expect(readFileSync(join(out, 'gate.json'), 'utf8')).not.toMatch(/"(elapsed|duration)Ms"\s*:\s*\d/);
  });

  it('writes byte-identical canonical reports on a second run', async () => {
    const a = join(tmp, 'det-a');
    const b = join(tmp, 'det-b');
    await gate('--out', a, '--quiet', '--executions', '60', '--only', first.id);
    await gate('--out', b, '--quiet', '--executions', '60', '--only', first.id);
    for (const f of ['gate.json', 'junit.xml', 'results.csv', 'summary.md']) {
      expect(readFileSync(join(b, f), 'utf8').replaceAll(b, a)).toBe(readFileSync(join(a, f), 'utf8'));
    }
  });

  it('exits 1 when one check is switched to a mutant, saving a replayable trace and printing the command that reproduces it', async () => {
    const out = join(tmp, 'mutant');
    const r = await gate('--out', out, '--mutant', `${first.id}=unfenced-store`);
    expect(r.code, r.out).toBe(1);
    const line = r.out.split('\n').find((l) => l.includes('reproduce: npx racelab replay '))!;
    const path = line.slice(line.indexOf('replay ') + 'replay '.length).trim();
    expect(existsSync(path)).toBe(true);
    expect(existsSync(path.replace(/\.json$/, '.html'))).toBe(true);
    const replay = replayTrace(parseTrace(readFileSync(path, 'utf8'), path), path);
    expect(replay.reproduced).toBe(true);
    expect(replay.violation?.invariant).toBe('stale-or-unfenced-rejected');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<failure type="violated"');
  });

  it('exits 3 naming the missing evidence when the budget is cut below the required coverage', async () => {
    const r = await gate('--out', join(tmp, 'cut'), '--executions', '20');
    expect(r.code, r.out).toBe(3);
    expect(r.out).toContain(`MISSING: check '${first.id}': required ${first.require.executionsMin} executions without violation but the budget allowed only 20`);
    const report = JSON.parse(readFileSync(join(tmp, 'cut', 'gate.json'), 'utf8'));
    expect(report.verdict).toBe('inconclusive');
    expect(report.missing).toHaveLength(cfg.checks.length);
  });

  it('exits 3 naming the time budget when it runs out first', async () => {
    const r = await gate('--out', join(tmp, 'time'), '--only', first.id, '--duration-ms', '1', '--executions', '400');
    expect(r.code, r.out).toBe(3);
    expect(r.out).toContain('budget.durationMsMax 1 ms was reached before the required coverage');
  });

  it('exits 3 naming the seed when a committed seed no longer replays', async () => {
    const seeds = join(tmp, 'seeds');
    cpSync('seeds', seeds, { recursive: true });
    const victim = join(seeds, 'leases.reuse-token.json');
    writeFileSync(victim, readFileSync(victim, 'utf8').replace('"tokens-increase"', '"one-writer-per-token"'));
    const config = join(tmp, 'gate.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(GATE_CONFIG_DEFAULT_PATH, 'utf8')), seeds }));
    const r = await gate('--config', config, '--out', join(tmp, 'seedbad'), '--only', first.id, '--executions', '30');
    expect(r.code, r.out).toBe(3);
    expect(r.out).toContain(`MISSING: seed ${victim} cannot be replayed`);
  });

  it('refuses a broken config with exit 2 and one line', async () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schema: 'racelab.gate-config/v1', checks: [{ id: 'x', scenario: 'nope', budget: { executionsMax: 1 } }] }));
    const r = await gate('--config', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^racelab: .*checks\[0\]\.scenario 'nope' is unknown; known scenarios: /);
    const missing = await gate('--config', join(tmp, 'absent.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read gate config');
  });
});
