// Report writers on a hand-made gate report: CSV columns and quoting, JUnit failure/error
// mapping (a violation is a failure, missing evidence an error — never a pass), XML and
// Markdown escaping of hostile text, and `racelab report` rendering each artifact kind.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../harness/cli/io.js';
import { runCliAsync } from '../harness/cli/main.js';
import { runExplore } from '../harness/run.js';
import { CSV_COLUMNS, csvText, rowFromCheck } from './csv.js';
import { gateReportText, GATE_REPORT_SCHEMA, type GateCheckResult, type GateReport } from './gate-report.js';
import { junitOfGate } from './junit.js';
import { markdownOfGate } from './markdown.js';
import { summaryText } from './summary.js';
import { traceText } from './trace.js';

const base = { scenario: 'leases', params: {}, strategy: 'random', seed: '1', budget: { executionsMax: 10, depthMax: null, durationMsMax: null }, required: { level: 'sampled' as const, executionsMin: 10 }, summary: null };
const held: GateCheckResult = { ...base, id: 'ok', mutant: null, verdict: 'held', claim: { level: 'sampled', evidence: '10 sampled executions, no violation' }, explored: { executions: 10, steps: 99, terminal: 10, depthCut: 0, complete: true }, missing: null, violation: null };
const bad: GateCheckResult = {
  ...base, id: 'bad', mutant: 'unfenced-store', verdict: 'violated', claim: { level: 'absent', evidence: 'violated' }, explored: { executions: 3, steps: 30, terminal: 2, depthCut: 0, complete: false }, missing: null,
  violation: { invariant: 'x', message: 'token <1> & "2", | pipe', step: 4, choices: 4, trace: 'out/bad/counterexample.json', html: 'out/bad/counterexample.html', traceSha256: 'ab', reproduce: 'npx racelab replay out/bad/counterexample.json' },
};
const missing: GateCheckResult = { ...held, id: 'cut', verdict: 'inconclusive', missing: "check 'cut': required 10 executions but the budget allowed only 2" };
const report: GateReport = { schema: GATE_REPORT_SCHEMA, configSha256: 'c', verdict: 'violated', exitCode: 1, checks: [held, bad, missing], seeds: [{ file: 'seeds/a.json', verdict: 'held', invariant: 'x', missing: null }], missing: [missing.missing!] };

describe('report writers', () => {
  it('CSV: fixed columns, one row per check, values with commas and quotes are quoted', () => {
    const odd: GateCheckResult = { ...held, id: 'odd', seed: 'a,"b"' };
    const lines = csvText([...report.checks, odd].map(rowFromCheck)).trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.slice(1)).toEqual([
      'ok,leases,,random,1,held,sampled,10,99,true,0,,,,',
      'bad,leases,unfenced-store,random,1,violated,absent,3,30,false,0,x,4,ab,',
      `cut,leases,,random,1,inconclusive,sampled,10,99,true,0,,,,${missing.missing}`,
      'odd,leases,,random,"a,""b""",held,sampled,10,99,true,0,,,,',
    ]);
  });

  it('JUnit: a violation is a failure, missing evidence an error, and hostile text is escaped', () => {
    const xml = junitOfGate(report);
    expect(xml).toMatch(/<testsuite name="racelab gate" tests="4" failures="1" errors="1"/);
    expect(xml).toContain('<failure type="violated" message="x: token &lt;1&gt; &amp; &quot;2&quot;, | pipe">');
    expect(xml).toContain(`<error type="inconclusive" message="check &apos;cut&apos;: required 10 executions`);
    expect(xml).not.toMatch(/time=/);
  });

  it('Markdown: table cells escape pipes; violations carry the reproduce command; missing evidence listed', () => {
    const md = markdownOfGate(report);
    expect(md).toContain('token <1> & "2", \\| pipe');
    expect(md).toContain('reproduce: `npx racelab replay out/bad/counterexample.json`');
    expect(md).toContain(`## Missing evidence\n\n- ${missing.missing}`);
  });
});

describe('racelab report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'racelab-report-'));
  const run = runExplore({ scenario: 'leases', mutant: 'reuse-token', seed: '1' });
  writeFileSync(join(dir, 'ce.json'), traceText(run.trace!));
  writeFileSync(join(dir, 'summary.json'), summaryText(run.summary));
  writeFileSync(join(dir, 'gate.json'), gateReportText(report));
  const render = async (...args: string[]) => {
    const io = memoryIo();
    const code = await runCliAsync(['report', ...args], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('renders a trace as HTML (default) and Markdown', async () => {
    const html = await render(join(dir, 'ce.json'));
    expect(html.code).toBe(0);
    expect(html.out).toMatch(/^<!doctype html>/);
    const md = await render(join(dir, 'ce.json'), '--format', 'md');
    expect(md.out).toContain('**violated `tokens-increase`**');
    expect(md.out.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(run.trace!.events.length);
  });

  it('renders a summary as Markdown and CSV, and a gate report as JUnit', async () => {
    expect((await render(join(dir, 'summary.json'))).out).toMatch(/^# racelab explore leases \(mutant reuse-token\): violated/);
    expect((await render(join(dir, 'summary.json'), '--format', 'csv')).out.split('\n')).toHaveLength(2);
    expect((await render(join(dir, 'gate.json'), '--format', 'junit')).out).toMatch(/^<\?xml/);
  });

  it('refuses a format the artifact does not have (exit 2)', async () => {
    const r = await render(join(dir, 'summary.json'), '--format', 'junit');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--format junit is not available for a run summary/);
  });
});
