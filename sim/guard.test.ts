// The ban on ambient nondeterminism, both halves: a source scan of sim/, models/ and scenarios/
// (the lint rule), and the runtime guard that makes a model calling Math.random or Date.now
// during exploration fail with an error naming the model.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { AmbientNondeterminismError } from './errors.js';
import { faultBudget } from './faults.js';
import { createWorld, enabled, step, type WorldSpec } from './world.js';
import { withAmbientGuard } from './guard.js';

/** Banned call → what to use instead (the message the lint rule prints). */
export const BANNED: readonly { pattern: RegExp; name: string; instead: string }[] = [
  { pattern: /\bDate\.now\s*\(/, name: 'Date.now()', instead: 'virtual time (world clock, delayed events)' },
  { pattern: /\bnew\s+Date\s*\(\s*\)/, name: 'new Date()', instead: 'virtual time (world clock)' },
  { pattern: /\bperformance\.now\s*\(/, name: 'performance.now()', instead: 'virtual time (world clock)' },
  { pattern: /\bMath\.random\s*\(/, name: 'Math.random()', instead: 'a seeded Stream from sim/rng.ts' },
  { pattern: /\bsetTimeout\s*\(/, name: 'setTimeout()', instead: "XState 'after' or raise(..., { delay, id }) (virtual timers)" },
  { pattern: /\bsetInterval\s*\(/, name: 'setInterval()', instead: 'virtual timers' },
  { pattern: /\brandomUUID\s*\(/, name: 'crypto.randomUUID()', instead: 'ids derived from actor ids and counters' },
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|js|mts|mjs)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** Lines of `text` that call a banned API, with the replacement to use. */
export function lintAmbient(file: string, text: string): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    for (const b of BANNED) if (b.pattern.test(code)) hits.push(`${file}:${i + 1}: ${b.name} is banned here; use ${b.instead}`);
  });
  return hits;
}

describe('ambient nondeterminism lint', () => {
  it('finds no banned call in sim/, models/ or scenarios/', () => {
    const hits = ['sim', 'models', 'scenarios'].flatMap((d) => sourceFiles(d).flatMap((f) => lintAmbient(f, readFileSync(f, 'utf8'))));
    expect(hits).toEqual([]);
  });

  it('catches each banned call in planted source', () => {
    const planted = ['const t = Date.now();', 'let r = Math.random() * 2;', 'performance.now()', 'setTimeout(() => 1, 5)', 'setInterval(f, 1)', 'crypto.randomUUID()', 'new Date()'];
    for (const line of planted) expect(lintAmbient('planted.ts', line)).toHaveLength(1);
    expect(lintAmbient('ok.ts', '// Date.now() is banned, comments are fine')).toEqual([]);
  });
});

function badWorld(call: () => unknown): WorldSpec {
  const machine = setup({}).createMachine({
    id: 'clock-reader',
    context: { t: 0 },
    initial: 'idle',
    states: { idle: { after: { 5: { target: 'done', actions: assign({ t: () => Number(call()) }) } } }, done: {} },
  });
  return { actors: [{ id: 'bad', machine }], faults: faultBudget(), partitionMs: 10, injectables: [], crashable: [] };
}

describe('ambient nondeterminism guard', () => {
  it.each([
    ['Math.random', () => Math.random()],
    ['Date.now', () => Date.now()],
    ['performance.now', () => performance.now()],
    ['crypto.randomUUID', () => crypto.randomUUID()],
  ])('a model calling %s during exploration fails naming the model', (api, call) => {
    const w = createWorld(badWorld(call));
    const [timer] = enabled(w);
    expect(timer?.kind).toBe('timer');
    let err: unknown;
    try {
      step(w, timer!);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AmbientNondeterminismError);
    expect((err as Error).message).toContain("model 'clock-reader (actor bad)'");
    expect((err as Error).message).toContain(`${api}()`);
  });

  it('restores the real functions after the guarded call', () => {
    const before = Date.now;
    expect(() => withAmbientGuard('m', () => Date.now())).toThrow(AmbientNondeterminismError);
    expect(Date.now).toBe(before);
    expect(typeof Math.random()).toBe('number');
  });
});
