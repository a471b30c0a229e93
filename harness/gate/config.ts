// Gate configuration, racelab.gate-config/v1: which checks CI runs, with what budget and what
// coverage each must reach. Owns: the GateConfig shape, its default location
// (.ci/racelab.gate.json), reading and validating untrusted config text (every problem is a
// UsageError naming the field and the fix), and applying command-line overrides. A check with
// "stated": true takes its params and fault budget from the scenario's stated bounds. Checks are
// generic over the scenario and explorer registries: any registered id may be named.
import { readFileSync } from 'node:fs';
import { canonicalJson, sha256Hex, type Json } from '../../sim/canonical.js';
import { UsageError } from '../../sim/errors.js';
import { SCENARIOS, findScenario } from '../../scenarios/registry.js';
import { EXPLORERS, findExplorer } from '../explore/registry.js';
import { FAULT_KINDS } from '../../sim/faults.js';

export const GATE_CONFIG_SCHEMA = 'racelab.gate-config/v1';
/** Where `racelab gate` looks when --config is not given (relative to the working directory). */
export const GATE_CONFIG_DEFAULT_PATH = '.ci/racelab.gate.json';

/** One declared check: a scenario (optionally a mutant) explored by one strategy. */
export interface GateCheck {
  readonly id: string;
  readonly scenario: string;
  readonly mutant: string | null;
  readonly params: Readonly<Record<string, number>>;
  readonly faults: Readonly<Record<string, number>>;
  readonly strategy: string;
  readonly seed: string;
  /** Extra explorer options passed through to the explore request (e.g. faultProbability). */
  readonly options: Readonly<Record<string, Json>>;
  readonly budget: { readonly executionsMax: number; readonly depthMax: number | null; readonly durationMsMax: number | null };
  /** `verified`: exhaustive within bounds; `sampled`: at least executionsMin executions. */
  readonly require: { readonly level: 'verified' | 'sampled'; readonly executionsMin: number };
}

/** A resolved gate configuration. */
export interface GateConfig {
  readonly schema: typeof GATE_CONFIG_SCHEMA;
  /** Output folder for reports and traces. */
  readonly out: string;
  /** Folder of committed seed traces to replay (null: none). */
  readonly seeds: string | null;
  readonly checks: readonly GateCheck[];
}

/** Command-line overrides. */
export interface GateOverrides {
  readonly executionsMax?: number;
  readonly durationMsMax?: number;
  readonly out?: string;
  /** Switch checks to a mutant: check id → mutant name. */
  readonly mutants?: Readonly<Record<string, string>>;
  /** Run only these check ids. */
  readonly only?: readonly string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function whole(src: string, field: string, v: unknown, min: number, dflt?: number | null): number | null {
  if (v === undefined || v === null) {
    if (dflt === undefined) throw new UsageError(`${src}: ${field} is required (a whole number >= ${min})`);
    return dflt;
  }
  if (!Number.isInteger(v) || (v as number) < min) throw new UsageError(`${src}: ${field} must be a whole number >= ${min}, got ${JSON.stringify(v)}`);
  return v as number;
}

function numbers(src: string, field: string, v: unknown): Record<string, number> {
  if (v === undefined) return {};
  if (!isObj(v) || !Object.values(v).every((x) => Number.isInteger(x))) throw new UsageError(`${src}: ${field} must map names to whole numbers`);
  return v as Record<string, number>;
}

/** Validates one check entry. */
function parseCheck(src: string, raw: unknown, i: number): GateCheck {
  const at = `${src}: checks[${i}]`;
  if (!isObj(raw)) throw new UsageError(`${at} must be an object`);
  const id = raw.id;
  if (typeof id !== 'string' || !/^[\w.\-/]+$/.test(id)) throw new UsageError(`${at}.id must be a name of letters, digits, . - _ /, got ${JSON.stringify(id)}`);
  const scenario = findScenario(String(raw.scenario));
  if (!scenario) throw new UsageError(`${at}.scenario '${String(raw.scenario)}' is unknown; known scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  const mutant = raw.mutant === undefined || raw.mutant === null ? null : String(raw.mutant);
  if (mutant !== null && !scenario.mutants.some((m) => m.name === mutant)) throw new UsageError(`${at}.mutant '${mutant}' is not a mutant of '${scenario.id}'; its mutants: ${scenario.mutants.map((m) => m.name).join(', ') || 'none'}`);
  const strategy = String(raw.strategy ?? 'random');
  if (!findExplorer(strategy)) throw new UsageError(`${at}.strategy '${strategy}' is unknown; strategies: ${EXPLORERS.map((e) => e.name).join(', ')}`);
  const b = isObj(raw.budget) ? raw.budget : {};
  const r = isObj(raw.require) ? raw.require : {};
  const executionsMax = whole(src, `checks[${i}].budget.executionsMax`, b.executionsMax, 1)!;
  const level = r.level ?? 'sampled';
  if (level !== 'verified' && level !== 'sampled') throw new UsageError(`${at}.require.level must be 'verified' or 'sampled', got ${JSON.stringify(level)}`);
  if (raw.options !== undefined && !isObj(raw.options)) throw new UsageError(`${at}.options must be an object of explorer options`);
  let params = numbers(at, 'params', raw.params);
  let faults = numbers(at, 'faults', raw.faults);
  if (raw.stated !== undefined && typeof raw.stated !== 'boolean') throw new UsageError(`${at}.stated must be true or false, got ${JSON.stringify(raw.stated)}`);
  if (raw.stated === true) {
    if (!scenario.stated) throw new UsageError(`${at}.stated is true but scenario '${scenario.id}' states no bounds; remove 'stated' or give params and faults`);
    const zero = Object.fromEntries(FAULT_KINDS.map((k) => [k, scenario.stated!.faults[k] ?? 0]));
    params = { ...scenario.stated.params, ...params };
    faults = { ...zero, ...faults };
  }
  return {
    id, scenario: scenario.id, mutant, strategy,
    params, faults,
    seed: String(raw.seed ?? '1'),
    options: (raw.options ?? {}) as Record<string, Json>,
    budget: { executionsMax, depthMax: whole(src, `checks[${i}].budget.depthMax`, b.depthMax, 1, null), durationMsMax: whole(src, `checks[${i}].budget.durationMsMax`, b.durationMsMax, 1, null) },
    require: { level, executionsMin: whole(src, `checks[${i}].require.executionsMin`, r.executionsMin, 0, level === 'sampled' ? executionsMax : 0)! },
  };
}

/** Parses untrusted config text; `src` names the file in errors. */
export function parseGateConfig(text: string, src: string): GateConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${src} is not valid JSON (${e instanceof Error ? e.message : String(e)}); fix the file`);
  }
  if (!isObj(data) || data.schema !== GATE_CONFIG_SCHEMA) throw new UsageError(`${src}: field 'schema' must be '${GATE_CONFIG_SCHEMA}'; see docs/report-format.md`);
  if (!Array.isArray(data.checks) || data.checks.length === 0) throw new UsageError(`${src}: field 'checks' must be a non-empty array`);
  const checks = data.checks.map((c, i) => parseCheck(src, c, i));
  const ids = new Set<string>();
  for (const c of checks) {
    if (ids.has(c.id)) throw new UsageError(`${src}: check id '${c.id}' appears twice; ids must be unique`);
    ids.add(c.id);
  }
  const seeds = data.seeds === undefined || data.seeds === null ? null : String(data.seeds);
  return { schema: GATE_CONFIG_SCHEMA, out: String(data.out ?? 'out/gate'), seeds, checks };
}

/** Reads the config at `path` (default .ci/racelab.gate.json). */
export function loadGateConfig(path: string = GATE_CONFIG_DEFAULT_PATH): GateConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    throw new UsageError(`cannot read gate config '${path}' (${code}); pass --config FILE or create ${GATE_CONFIG_DEFAULT_PATH}`);
  }
  return parseGateConfig(text, path);
}

/** Applies command-line overrides; unknown check ids are a UsageError. */
export function applyOverrides(cfg: GateConfig, o: GateOverrides): GateConfig {
  const known = (id: string, flag: string): void => {
    if (!cfg.checks.some((c) => c.id === id)) throw new UsageError(`${flag}: no check '${id}' in the config; checks: ${cfg.checks.map((c) => c.id).join(', ')}`);
  };
  for (const id of o.only ?? []) known(id, '--only');
  for (const id of Object.keys(o.mutants ?? {})) known(id, '--mutant');
  const checks = cfg.checks
    .filter((c) => !o.only || o.only.length === 0 || o.only.includes(c.id))
    .map((c, i) => {
      const mutant = o.mutants?.[c.id];
      const raw = {
        ...c,
        mutant: mutant ?? c.mutant,
        budget: { ...c.budget, executionsMax: o.executionsMax ?? c.budget.executionsMax, durationMsMax: o.durationMsMax ?? c.budget.durationMsMax },
      };
      return parseCheck('command line', raw, i);
    });
  return { ...cfg, out: o.out ?? cfg.out, checks };
}

/** SHA-256 of what a resolved config asks for (checks and seeds; not where output goes). */
export function configSha256(cfg: GateConfig): string {
  return sha256Hex(canonicalJson({ schema: cfg.schema, seeds: cfg.seeds, checks: cfg.checks }));
}
