// Bad input to replay, minimize and report: a tampered, truncated, wrong-version,
// unknown-scenario or foreign JSON file exits 2 with one line naming the reason, never a stack
// trace. The files are made from a real counterexample so each differs from a good one in
// exactly the way its name says.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealTrace, traceText, type TraceV1 } from '../../reports/trace.js';
import { runExplore } from '../run.js';
import { memoryIo } from './io.js';
import { runCliAsync } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'racelab-bad-'));
const good = runExplore({ scenario: 'leases', mutant: 'reuse-token', seed: '1' }).trace!;
const goodText = traceText(good);
const { sha256: _s, ...body } = good;

const FILES: Record<string, { text: string; reason: RegExp }> = {
  tampered: { text: goodText.replace('"tokens-increase"', '"one-writer-per-token"'), reason: /sha256 mismatch/ },
  truncated: { text: goodText.slice(0, Math.floor(goodText.length / 2)), reason: /not valid JSON/ },
  'wrong-version': { text: traceText({ ...good, schema: 'racelab.trace/v9' } as unknown as TraceV1), reason: /racelab\.trace\/v9/ },
  'unknown-scenario': { text: traceText(sealTrace({ ...body, scenario: { ...body.scenario, id: 'no-such-scenario' } })), reason: /unknown scenario 'no-such-scenario'/ },
  foreign: { text: JSON.stringify({ name: 'left-pad', version: '1.3.0' }), reason: /not a racelab (trace|artifact)/ },
};
const paths = Object.fromEntries(Object.entries(FILES).map(([k, f]) => {
  const p = join(dir, `${k}.json`);
  writeFileSync(p, f.text);
  return [k, p];
}));

describe.each(['replay', 'minimize', 'report'])('racelab %s', (command) => {
  it.each(Object.keys(FILES))('refuses a %s file with exit 2 and one line', async (kind) => {
    const io = memoryIo();
    const code = await runCliAsync([command, paths[kind]!], io);
    expect(code).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^racelab: /);
    expect(io.stderr[0]).toMatch(FILES[kind]!.reason);
    expect(io.stderr[0]).not.toMatch(/\n|\bat .*\.(js|ts):\d+/);
  });

  it('accepts the good file', async () => {
    const p = join(dir, `good-${command}.json`);
    writeFileSync(p, goodText);
    const io = memoryIo();
    const code = await runCliAsync(command === 'minimize' ? [command, p, '--out', join(dir, 'min.json')] : [command, p], io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(command === 'replay' ? 1 : 0);
  });
});
