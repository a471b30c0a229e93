// `racelab report <file>`: render an artifact (trace, run summary or gate report) as HTML,
// Markdown, CSV or JUnit. Owns: recognising the artifact by its `schema` field and refusing
// anything else — foreign, truncated, tampered, wrong-version or unknown-scenario files exit 2
// with a one-line reason (traces go through parseTrace, which checks the sha256).
import { writeFileSync } from 'node:fs';
import { InputError, UsageError } from '../../../sim/errors.js';
import { parseTrace, TRACE_SCHEMA } from '../../../reports/trace.js';
import { SUMMARY_SCHEMA, type RunSummary } from '../../../reports/summary.js';
import { GATE_REPORT_SCHEMA, parseGateReport } from '../../../reports/gate-report.js';
import { htmlPage } from '../../../reports/html.js';
import { markdownOfGate, markdownOfSummary, markdownOfTrace } from '../../../reports/markdown.js';
import { csvText, rowFromCheck, rowFromSummary } from '../../../reports/csv.js';
import { junitOfGate } from '../../../reports/junit.js';
import { findScenario } from '../../../scenarios/registry.js';
import { unknownScenario } from '../../setup.js';
import { readInput } from './replay.js';
import type { Io } from '../io.js';

export const REPORT_HELP = `Usage: racelab report <file> [--format F] [--out FILE]

Renders a racelab artifact:
  ${TRACE_SCHEMA}     (counterexample.json)  formats: html (default), md
  ${SUMMARY_SCHEMA}   (summary.json)         formats: md (default), csv
  ${GATE_REPORT_SCHEMA}       (gate.json)            formats: md (default), csv, junit

Options:
  --format F   html, md, csv or junit
  --out FILE   write to FILE instead of standard output
  -h, --help   show this help

Exit codes: 0 written, 2 bad usage, or a foreign, truncated, tampered, wrong-version or
unknown-scenario file.`;

/** Options of `racelab report`. */
export interface ReportCommandOptions {
  readonly file: string;
  readonly format?: string;
  readonly out?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkSummary(d: Record<string, unknown>, src: string): RunSummary {
  const ok = isObj(d.scenario) && typeof d.scenario.id === 'string' && typeof d.strategy === 'string' && typeof d.seed === 'string'
    && isObj(d.bounds) && isObj(d.explored) && Number.isInteger(d.explored.executions) && typeof d.verdict === 'string' && isObj(d.claim)
    && (d.violation === null || isObj(d.violation));
  if (!ok) throw new InputError('E_SUMMARY_SHAPE', `${src}: not a well-formed ${SUMMARY_SCHEMA} file (missing or mistyped fields); re-create it with 'racelab explore'`);
  const id = String((d.scenario as Record<string, unknown>).id);
  if (!findScenario(id)) throw unknownScenario(id, true);
  return d as unknown as RunSummary;
}

function formatOf(opts: ReportCommandOptions, dflt: string, allowed: readonly string[], kind: string): string {
  const f = opts.format ?? dflt;
  if (!allowed.includes(f)) throw new UsageError(`--format ${f} is not available for a ${kind}; formats: ${allowed.join(', ')}`);
  return f;
}

/** Renders the artifact in `text` (read from `src`). */
export function renderReport(text: string, src: string, opts: ReportCommandOptions): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError('E_REPORT_JSON', `${src} is not valid JSON (${e instanceof Error ? e.message : String(e)}); the file may be truncated`);
  }
  const schema = isObj(data) ? data.schema : undefined;
  if (typeof schema === 'string' && schema.startsWith('racelab.trace/')) {
    const t = parseTrace(text, src);
    if (!findScenario(t.scenario.id)) throw unknownScenario(t.scenario.id, true);
    return formatOf(opts, 'html', ['html', 'md'], 'trace') === 'html' ? htmlPage(t) : markdownOfTrace(t);
  }
  if (schema === SUMMARY_SCHEMA) {
    const s = checkSummary(data as Record<string, unknown>, src);
    return formatOf(opts, 'md', ['md', 'csv'], 'run summary') === 'md' ? markdownOfSummary(s) : csvText([rowFromSummary(s)]);
  }
  if (schema === GATE_REPORT_SCHEMA) {
    const g = parseGateReport(data, src);
    const f = formatOf(opts, 'md', ['md', 'csv', 'junit'], 'gate report');
    return f === 'md' ? markdownOfGate(g) : f === 'csv' ? csvText(g.checks.map(rowFromCheck)) : junitOfGate(g);
  }
  if (typeof schema === 'string' && schema.startsWith('racelab.')) {
    throw new InputError('E_REPORT_VERSION', `${src} has schema '${schema}', which this racelab cannot render (it reads ${TRACE_SCHEMA}, ${SUMMARY_SCHEMA}, ${GATE_REPORT_SCHEMA}); re-create it with this version`);
  }
  throw new InputError('E_REPORT_FOREIGN', `${src} is not a racelab artifact (no racelab 'schema' field); pass a counterexample.json, summary.json or gate.json`);
}

export function reportCommand(opts: ReportCommandOptions, io: Io): number {
  const text = renderReport(readInput(opts.file), opts.file, opts);
  if (opts.out) writeFileSync(opts.out, text);
  else io.out(text.trimEnd());
  return 0;
}
