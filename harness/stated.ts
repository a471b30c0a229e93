// A scenario's stated bounds as an explore request (`racelab explore <s> --stated`, gate checks
// with "stated": true, and the stated-bounds tests). Owns only the overlay: the scenario's
// StatedBounds (scenarios/types.ts) first, then whatever the request names explicitly on top.
import { FAULT_KINDS, type FaultKind } from '../sim/faults.js';
import { UsageError } from '../sim/errors.js';
import { findScenario } from '../scenarios/registry.js';
import type { ExploreRequest } from './run.js';
import { EXHAUSTIVE_STRATEGIES } from './verdict.js';

/** The strategy `--stated` runs when none is named: the one the bounds are stated for. */
export const STATED_STRATEGY_DEFAULT = 'dpor';

/**
 * `req` within its scenario's stated bounds: the bounds' params, fault budget (kinds the bounds
 * do not name are 0), depth and, for exhaustive strategies other than bfs, execution cap, plus
 * the additions of the request's mutant when its bug lies outside them; fields the request sets
 * itself win. Throws UsageError for an unknown scenario or one without bounds.
 */
export function withStatedBounds(req: ExploreRequest): ExploreRequest {
  const s = findScenario(req.scenario);
  if (!s) throw new UsageError(`unknown scenario '${req.scenario}'; see 'racelab list'`);
  const b = s.stated;
  if (!b) throw new UsageError(`scenario '${s.id}' states no bounds, so --stated has nothing to apply; drop --stated (see 'racelab list')`);
  const strategy = req.strategy ?? STATED_STRATEGY_DEFAULT;
  const own = req.mutant ? b.mutants?.[req.mutant] : undefined;
  const faults: Partial<Record<FaultKind, number>> = {};
  for (const k of FAULT_KINDS) faults[k] = own?.faults?.[k] ?? b.faults[k] ?? 0;
  const capped = EXHAUSTIVE_STRATEGIES.has(strategy) && strategy !== 'bfs';
  const depthMax = req.depthMax ?? b.depthMax;
  const executionsMax = req.executionsMax ?? (capped ? b.executionsMax : undefined);
  return {
    ...req,
    strategy,
    params: { ...b.params, ...own?.params, ...req.params },
    faults: { ...faults, ...req.faults },
    ...(depthMax !== undefined ? { depthMax } : {}),
    ...(executionsMax !== undefined ? { executionsMax } : {}),
  };
}

/** The stated bounds (of `mutant`, when given) as command-line flags (for `racelab list` and docs). */
export function statedFlags(id: string, mutant?: string): string | null {
  const s = findScenario(id);
  if (!s?.stated) return null;
  const r = withStatedBounds({ scenario: id, mutant });
  const b = { ...s.stated, params: r.params!, faults: r.faults! };
  const params = Object.entries(b.params).map(([k, v]) => `${k}=${v}`).join(',');
  const faults = FAULT_KINDS.map((k) => `${k}=${b.faults[k] ?? 0}`).join(',');
  return [params ? `--param ${params}` : '', `--faults ${faults}`, b.depthMax !== undefined ? `--depth ${b.depthMax}` : '', `--executions ${b.executionsMax}`]
    .filter(Boolean).join(' ');
}
