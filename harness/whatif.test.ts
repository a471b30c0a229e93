// What-if replay: dropping the fault a counterexample depends on makes the violation go away;
// flipping it to a different kind is reported; an edited copy is accepted only with --edited;
// --continue follows a prefix and then finds violations by seeded random continuation.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrace, sealTrace, traceText } from '../reports/trace.js';
import { memoryIo } from './cli/io.js';
import { runCliAsync } from './cli/main.js';
import { followChoices, replayTrace } from './replay.js';
import { resolveSetup } from './setup.js';
import { runExplore } from './run.js';
import { applyEdits, faultSteps, whatIf } from './whatif.js';

const run = runExplore({ scenario: 'leases', mutant: 'skip-integrity', seed: '1' });
const trace = run.trace!;
const dir = mkdtempSync(join(tmpdir(), 'racelab-whatif-'));
const file = join(dir, 'ce.json');
writeFileSync(file, traceText(trace));

describe('what-if edits', () => {
  it('the minimized skip-integrity counterexample needs its corrupt fault: dropping it removes the violation', () => {
    const faults = faultSteps(trace.choices);
    expect(faults.length).toBeGreaterThan(0);
    const k = faults.findIndex((at) => trace.choices[at]!.startsWith('corrupt '));
    expect(k).toBeGreaterThanOrEqual(0);
    const r = whatIf(run.setup, trace, [{ kind: 'drop-fault', fault: k }]);
    expect(r.persists).toBe(false);
    expect(r.violation).toBeNull();
    expect(r.choices).toHaveLength(trace.choices.length - 1);
  });

  it('flip rewrites the choice kind on the same target, and an unknown fault number is a usage error', () => {
    const at = faultSteps(trace.choices)[0]!;
    const target = trace.choices[at]!.slice(trace.choices[at]!.indexOf(' ') + 1);
    expect(applyEdits(trace.choices, [{ kind: 'flip-fault', fault: 0, to: 'drop' }])[at]).toBe(`drop ${target}`);
    expect(() => applyEdits(trace.choices, [{ kind: 'drop-fault', fault: 99 }])).toThrow(/fault 99 does not exist/);
  });

  it('racelab replay --drop-fault K prints GONE and exits 0; no edit flag replays as usual (exit 1)', async () => {
    const k = faultSteps(trace.choices).findIndex((at) => trace.choices[at]!.startsWith('corrupt '));
    const io = memoryIo();
    expect(await runCliAsync(['replay', file, '--drop-fault', String(k)], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/GONE: no invariant violated \(recorded: issued-tokens-only\)/);
    expect(await runCliAsync(['replay', file], memoryIo())).toBe(1);
  });

  it('an edited copy is refused without --edited (exit 2) and re-run with it', async () => {
    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.choices = edited.choices.slice(0, -1);
    const path = join(dir, 'edited.json');
    writeFileSync(path, JSON.stringify(edited));
    const refused = memoryIo();
    expect(await runCliAsync(['replay', path], refused)).toBe(2);
    expect(refused.stderr[0]).toMatch(/sha256 mismatch/);
    const io = memoryIo();
    expect(await runCliAsync(['replay', path, '--edited'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/WHAT-IF .*edited copy.*GONE/s);
  });
});

describe('racelab replay --continue', () => {
  it('follows the prefix, then finds a violation by random continuation and saves a trace that replays', async () => {
    const unfenced = runExplore({ scenario: 'leases', mutant: 'unfenced-store', seed: '1' }).trace!;
    const p = join(dir, 'unfenced.json');
    writeFileSync(p, traceText(unfenced));
    const out = join(dir, 'cont');
    const io = memoryIo();
    const code = await runCliAsync(['replay', p, '--continue', '--prefix', '2', '--executions', '500', '--out', out], io);
    expect(code, io.stdout.join('\n')).toBe(1);
    const found = parseTrace(readFileSync(join(out, 'counterexample.json'), 'utf8'), 'found');
    expect(found.choices.slice(0, 2)).toEqual(unfenced.choices.slice(0, 2));
    expect(replayTrace(found, 'found').reproduced).toBe(true);
    expect(io.stdout.join('\n')).toContain(`reproduce: npx racelab replay ${join(out, 'counterexample.json')}`);
  });

  it('reports continuations of a clean trace of the correct model as a sample without violation (exit 0)', async () => {
    const setup = resolveSetup({ scenario: 'leases' });
    const empty = followChoices(setup, []).record;
    const clean = sealTrace({
      schema: 'racelab.trace/v1', scenario: { id: 'leases', mutant: null, params: setup.params, definitionHash: setup.definitionHash },
      explorer: { strategy: 'random', options: {} }, seed: '1', execution: 0, initial: empty.initial, faults: { ...setup.faults },
      choices: [], events: [], violation: null,
    });
    const p = join(dir, 'clean.json');
    writeFileSync(p, traceText(clean));
    const io = memoryIo();
    expect(await runCliAsync(['replay', p, '--continue', '--executions', '50'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/CONTINUED .* from step 0: 50 random continuations \(seed 1\), no violation/);
  });
});
