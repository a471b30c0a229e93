// Registry of exploration strategies, by name. Add a strategy by importing its Explorer and
// appending it to EXPLORERS; the CLI's --strategy and the gate read this list.
import { randomExplorer } from './random.js';
import { pctExplorer } from './pct.js';
import { swarmExplorer } from './swarm.js';
import { cancelSweepExplorer } from './cancel-sweep.js';
import { bfsExplorer, dfsExplorer, dporOptimalExplorer, dporSourceExplorer } from './exhaustive.js';
import type { Explorer } from './types.js';

export const EXPLORERS: readonly Explorer[] = [randomExplorer, pctExplorer, swarmExplorer, cancelSweepExplorer, dporOptimalExplorer, dporSourceExplorer, bfsExplorer, dfsExplorer];

/** The explorer with this name, or undefined. */
export function findExplorer(name: string): Explorer | undefined {
  return EXPLORERS.find((e) => e.name === name);
}
