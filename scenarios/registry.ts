// Registry of built-in scenarios, in a fixed order (the order `racelab list` prints).
// Owns: lookup by id. Add a scenario by importing it and appending it to SCENARIOS.
import { leasesScenario } from './leases.js';
import { drainScenario } from './drain.js';
import { epochScenario } from './epoch.js';
import { connectorScenario } from './connector.js';
import { meshConsensusScenario } from './mesh-consensus.js';
import { decisionContractScenario } from './decision-contract.js';
import { governedPacketScenario } from './governed-packet.js';
import { LITERATURE_SCENARIOS } from './literature/index.js';
import type { Scenario } from './types.js';

export const SCENARIOS: readonly Scenario[] = [leasesScenario, connectorScenario, drainScenario, epochScenario, meshConsensusScenario, decisionContractScenario, governedPacketScenario, ...LITERATURE_SCENARIOS];

/** The scenario with this id, or undefined. */
export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
