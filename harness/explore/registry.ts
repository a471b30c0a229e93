// Registry of exploration strategies, by name. Add a strategy by importing its Explorer and
// appending it to EXPLORERS; the CLI's --strategy and the gate read this list.
import { randomExplorer } from './random.js';
import type { Explorer } from './types.js';

export const EXPLORERS: readonly Explorer[] = [randomExplorer];

/** The explorer with this name, or undefined. */
export function findExplorer(name: string): Explorer | undefined {
  return EXPLORERS.find((e) => e.name === name);
}
