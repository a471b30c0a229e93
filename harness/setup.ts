// Resolving what to run: scenario + mutant + params + fault budget → a frozen RunSetup.
// Owns: validation of user-supplied scenario options (each failure is a UsageError naming the
// input and the fix) and the scenario definition hash recorded in traces, which replay uses to
// refuse a trace recorded against a different definition.
import { hashValue, type Json } from '../sim/canonical.js';
import { UsageError, InputError } from '../sim/errors.js';
import { FAULT_KINDS, faultBudget, type FaultBudget, type FaultKind } from '../sim/faults.js';
import type { WorldSpec } from '../sim/world.js';
import { findScenario, SCENARIOS } from '../scenarios/registry.js';
import type { Scenario } from '../scenarios/types.js';

/** What the user asked for, before defaults. */
export interface SetupRequest {
  readonly scenario: string;
  readonly mutant?: string | null;
  readonly params?: Readonly<Record<string, number>>;
  /** Overrides of the scenario's default fault budget. */
  readonly faults?: Readonly<Partial<Record<FaultKind, number>>>;
}

/** Everything needed to build worlds for one run, resolved and frozen. */
export interface RunSetup {
  readonly scenario: Scenario;
  readonly mutant: string | null;
  readonly params: Readonly<Record<string, number>>;
  readonly faults: FaultBudget;
  readonly spec: WorldSpec;
  readonly definitionHash: string;
}

/** Unknown-scenario error with the list of known ids. */
export function unknownScenario(id: string, asInput = false): Error {
  const msg = `unknown scenario '${id}'; known scenarios: ${SCENARIOS.map((s) => s.id).join(', ')} (see 'racelab list')`;
  return asInput ? new InputError('E_UNKNOWN_SCENARIO', msg) : new UsageError(msg);
}

/** Resolves a request into a RunSetup or throws a UsageError. */
export function resolveSetup(req: SetupRequest): RunSetup {
  const scenario = findScenario(req.scenario);
  if (!scenario) throw unknownScenario(req.scenario);
  const mutant = req.mutant ?? null;
  if (mutant !== null && !scenario.mutants.some((m) => m.name === mutant)) {
    const known = scenario.mutants.map((m) => m.name).join(', ') || 'none';
    throw new UsageError(`scenario '${scenario.id}' has no mutant '${mutant}'; its mutants: ${known}`);
  }
  const params: Record<string, number> = {};
  for (const p of scenario.params) params[p.name] = p.default;
  for (const [k, v] of Object.entries(req.params ?? {})) {
    const p = scenario.params.find((x) => x.name === k);
    if (!p) throw new UsageError(`scenario '${scenario.id}' has no parameter '${k}'${scenario.params.length ? `; its parameters: ${scenario.params.map((x) => x.name).join(', ')}` : ''}`);
    if (!Number.isInteger(v) || v < p.min || v > p.max) throw new UsageError(`--${k} must be a whole number from ${p.min} to ${p.max} for scenario '${scenario.id}', got ${v}`);
    params[k] = v;
  }
  const merged: Partial<Record<FaultKind, number>> = { ...scenario.faults };
  for (const [k, v] of Object.entries(req.faults ?? {})) {
    if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new UsageError(`unknown fault kind '${k}'; fault kinds: ${FAULT_KINDS.join(', ')}`);
    if (!Number.isInteger(v) || (v as number) < 0) throw new UsageError(`fault budget for '${k}' must be a whole number >= 0, got ${String(v)}`);
    merged[k as FaultKind] = v as number;
  }
  const faults = faultBudget(merged);
  const spec = scenario.build({ mutant, faults, params });
  const definitionHash = definitionHashOf(scenario, mutant, params, spec);
  return Object.freeze({ scenario, mutant, params: Object.freeze(params), faults, spec, definitionHash });
}

/**
 * Hash of a scenario's definition: machine structure (XState's toJSON: states, transitions,
 * guard and action names — never function source, which differs between build tools), actor
 * inputs, fault budget, injectables, crashable actors, oracle ids and the scenario version.
 */
export function definitionHashOf(scenario: Scenario, mutant: string | null, params: Record<string, number>, spec: WorldSpec): string {
  const plain = (v: unknown): Json => JSON.parse(JSON.stringify(v ?? null)) as Json;
  return hashValue({
    scenario: scenario.id,
    version: scenario.version,
    mutant,
    params,
    actors: spec.actors.map((a) => ({ id: a.id, machine: plain(a.machine.toJSON()), input: plain(a.input) })),
    faults: spec.faults,
    partitionMs: spec.partitionMs,
    injectables: plain(spec.injectables),
    crashable: [...spec.crashable],
    invariants: scenario.invariants.map((i) => [i.id, [...i.reads]]),
    terminal: scenario.terminal.map((i) => i.id),
  });
}
