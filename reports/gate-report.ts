// The canonical gate report artifact, racelab.gate/v1: what `racelab gate` checked and found.
// Owns: the GateReport shape, its bytes (canonical key order, two-space indent, final newline)
// and parseGateReport (untrusted text → GateReport or an InputError with a one-line reason).
// Verdicts and claims are decided by harness/gate/ and only recorded here. No wall-clock field:
// durations go to the separate timings.json. Field-by-field docs: docs/report-format.md.
import { canonicalJson } from '../sim/canonical.js';
import { InputError } from '../sim/errors.js';

export const GATE_REPORT_SCHEMA = 'racelab.gate/v1';

/** A violation found by one gate check, with where its trace was saved and how to reproduce it. */
export interface GateViolation {
  readonly invariant: string;
  readonly message: string;
  readonly step: number;
  readonly choices: number;
  readonly trace: string;
  readonly html: string;
  readonly traceSha256: string;
  readonly reproduce: string;
}

/** The result of one declared check (scenario × explorer × mutant with a budget). */
export interface GateCheckResult {
  readonly id: string;
  readonly scenario: string;
  readonly mutant: string | null;
  readonly params: Readonly<Record<string, number>>;
  readonly strategy: string;
  readonly seed: string;
  readonly budget: { readonly executionsMax: number; readonly depthMax: number | null; readonly durationMsMax: number | null };
  readonly required: { readonly level: 'verified' | 'sampled'; readonly executionsMin: number };
  readonly verdict: 'held' | 'violated' | 'inconclusive';
  readonly claim: { readonly level: 'verified' | 'sampled' | 'absent'; readonly evidence: string };
  readonly explored: { readonly executions: number; readonly steps: number; readonly terminal: number; readonly depthCut: number; readonly complete: boolean } | null;
  /** The evidence that is missing, in one sentence naming the limit and the fix; null when none. */
  readonly missing: string | null;
  readonly violation: GateViolation | null;
  /** Path of this check's racelab.summary/v1 file, or null when the exploration did not finish. */
  readonly summary: string | null;
}

/** Replay of one committed seed trace. */
export interface GateSeedResult {
  readonly file: string;
  readonly verdict: 'held' | 'inconclusive';
  readonly invariant: string | null;
  readonly missing: string | null;
}

/** The whole gate report. */
export interface GateReport {
  readonly schema: typeof GATE_REPORT_SCHEMA;
  /** SHA-256 of the canonical JSON of the checks and seeds that were run (after CLI overrides). */
  readonly configSha256: string;
  readonly verdict: 'held' | 'violated' | 'inconclusive';
  readonly exitCode: 0 | 1 | 3;
  readonly checks: readonly GateCheckResult[];
  readonly seeds: readonly GateSeedResult[];
  /** Every missing piece of evidence, in check order then seed order. */
  readonly missing: readonly string[];
}

/** Canonical bytes of a gate report. */
export function gateReportText(r: GateReport): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(r)), null, 2)}\n`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses untrusted gate-report text (checks the shape a report writer relies on). */
export function parseGateReport(data: unknown, source: string): GateReport {
  const bad = (what: string): InputError =>
    new InputError('E_GATE_REPORT_SHAPE', `${source}: ${what}; it is not a well-formed ${GATE_REPORT_SCHEMA} file (re-create it with 'racelab gate')`);
  if (!isObj(data)) throw bad('not a JSON object');
  if (!Array.isArray(data.checks) || !Array.isArray(data.seeds) || !Array.isArray(data.missing)) throw bad("fields 'checks', 'seeds' and 'missing' must be arrays");
  if (!['held', 'violated', 'inconclusive'].includes(String(data.verdict))) throw bad("field 'verdict' must be held, violated or inconclusive");
  for (const c of data.checks) {
    if (!isObj(c) || typeof c.id !== 'string' || typeof c.scenario !== 'string' || typeof c.strategy !== 'string' || !isObj(c.claim) || typeof c.verdict !== 'string') {
      throw bad("every entry of 'checks' needs id, scenario, strategy, verdict and claim");
    }
  }
  for (const s of data.seeds) if (!isObj(s) || typeof s.file !== 'string' || typeof s.verdict !== 'string') throw bad("every entry of 'seeds' needs file and verdict");
  return data as unknown as GateReport;
}
