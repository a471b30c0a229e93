// Seeded randomness: one root seed, named sub-streams derived by hashing.
// Owns: deriveSeed and Stream. A stream's seed is SHA-256(root, name, index), so adding a new
// stream never shifts the numbers of another, and execution i of a run is reproducible alone.
// Uses seedrandom's alea generator; never Math.random.
import seedrandom from 'seedrandom';
import { sha256Hex } from './canonical.js';

/** Seed string for the sub-stream `name` of execution `index` under `root`. */
export function deriveSeed(root: string | number, name: string, index = 0): string {
  return sha256Hex(`racelab/v1|${String(root)}|${name}|${index}`);
}

/** A deterministic pseudo-random stream. */
export class Stream {
  readonly seed: string;
  private readonly prng: seedrandom.PRNG;
  constructor(seed: string) {
    this.seed = seed;
    this.prng = seedrandom.alea(seed);
  }
  /** Derived stream: `root`, `name`, `index` → independent stream. */
  static derive(root: string | number, name: string, index = 0): Stream {
    return new Stream(deriveSeed(root, name, index));
  }
  /** Uniform float in [0, 1). */
  next(): number {
    return this.prng();
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.prng() < p;
  }
  /** Uniform pick from a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}
