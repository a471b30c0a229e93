// The JSON Schemas in docs/schemas/ describe the artifacts racelab actually writes: real traces
// (minimized and not), run summaries, gate reports and the repository's gate config validate,
// every property carries a description, and a tampered shape is rejected (the schemas can fail).
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import AjvModule from 'ajv';
import { runExplore } from '../harness/run.js';
import { runGate } from '../harness/gate/run.js';
import { applyOverrides, loadGateConfig } from '../harness/gate/config.js';
import { traceText } from './trace.js';
import { summaryText } from './summary.js';

type Validate = ((d: unknown) => boolean) & { errors?: unknown };
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (o: object) => { compile(s: object): Validate };
const ajv = new Ajv({ allErrors: true, strict: false });
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join('docs', 'schemas', name), 'utf8'));
const schema = { trace: load('trace-v1.schema.json'), summary: load('summary-v1.schema.json'), gate: load('gate-v1.schema.json'), config: load('gate-config-v1.schema.json') };
const validate = Object.fromEntries(Object.entries(schema).map(([k, s]) => [k, ajv.compile(s)])) as Record<keyof typeof schema, Validate>;
const ok = (v: Validate, data: unknown): void => {
  const good = v(data);
  expect(good, JSON.stringify(v.errors, null, 1)).toBe(true);
};

/** Every `properties` entry anywhere in a schema, with its path. */
function properties(node: unknown, path: string, out: [string, Record<string, unknown>][]): void {
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  if (typeof o.properties === 'object' && o.properties) for (const [k, v] of Object.entries(o.properties)) out.push([`${path}.${k}`, v as Record<string, unknown>]);
  for (const [k, v] of Object.entries(o)) properties(v, `${path}/${k}`, out);
}

describe('docs/schemas', () => {
  it('describe every field', () => {
    for (const [name, s] of Object.entries(schema)) {
      const props: [string, Record<string, unknown>][] = [];
      properties(s, name, props);
      expect(props.length).toBeGreaterThan(5);
      for (const [p, v] of props) expect(typeof v.description, `${p} has no description`).toBe('string');
    }
  });

  it('validate real traces (minimized and not) and summaries, and reject a changed shape', () => {
    for (const minimize of [true, false]) {
      const run = runExplore({ scenario: 'leases', mutant: 'skip-integrity', seed: '1', minimize });
      ok(validate.trace, JSON.parse(traceText(run.trace!)));
      ok(validate.summary, JSON.parse(summaryText(run.summary)));
    }
    const held = runExplore({ scenario: 'leases', seed: '1', executionsMax: 20 });
    ok(validate.summary, JSON.parse(summaryText(held.summary)));
    const t = JSON.parse(traceText(runExplore({ scenario: 'leases', mutant: 'reuse-token', seed: '1' }).trace!));
    expect(validate.trace({ ...t, extra: 1 })).toBe(false);
    expect(validate.trace({ ...t, events: [{ step: 0 }] })).toBe(false);
  });

  it('validate the repository gate config and a gate report', () => {
    ok(validate.config, JSON.parse(readFileSync('.ci/racelab.gate.json', 'utf8')));
    const cfg = applyOverrides(loadGateConfig(), { executionsMax: 20, out: mkdtempSync(join(tmpdir(), 'racelab-schema-')), mutants: { 'leases/random': 'unfenced-store' } });
    const r = runGate({ ...cfg, seeds: null });
    ok(validate.gate, JSON.parse(readFileSync(r.files.json, 'utf8')));
    expect(r.report.verdict).toBe('violated');
  });
});
