// The literature thread programs of ../shared/BENCHMARKS.md, in registry order.
// Owns: nothing but the list; each program lives in its own file.
import type { Scenario } from '../types.js';
import { filesystemScenario } from './filesystem.js';
import { indexerScenario } from './indexer.js';
import { lastzeroScenario } from './lastzero.js';
import { popl14Scenario } from './popl14.js';
import { readersScenario } from './readers.js';

/** lastzero, readers, indexer, filesystem, popl14. */
export const LITERATURE_SCENARIOS: readonly Scenario[] = [lastzeroScenario, readersScenario, indexerScenario, filesystemScenario, popl14Scenario];
