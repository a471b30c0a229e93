// Registry of built-in scenarios, in a fixed order (the order `racelab list` prints).
// Owns: lookup by id. Add a scenario by importing it and appending it to SCENARIOS.
import { leasesScenario } from './leases.js';
import type { Scenario } from './types.js';

export const SCENARIOS: readonly Scenario[] = [leasesScenario];

/** The scenario with this id, or undefined. */
export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
