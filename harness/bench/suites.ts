// Registry of benchmark suites run by `npm run bench`, in order. Add a suite by writing
// harness/bench/<name>.ts exporting a BenchSuite and appending it here (one import, one entry);
// `node dist/harness/bench/run.js --suite <name>` runs a subset.
import { actorsSuite } from './actors.js';
import { kernelSuite } from './kernel.js';
import { memorySuite } from './memory.js';
import { peersSuite } from './peers.js';
import { scalingSuite } from './scaling.js';
import type { BenchSuite } from './types.js';

export const SUITES: readonly BenchSuite[] = [kernelSuite, actorsSuite, peersSuite, memorySuite, scalingSuite];

/** The suite with this name, or undefined. */
export function findSuite(name: string): BenchSuite | undefined {
  return SUITES.find((s) => s.name === name);
}
