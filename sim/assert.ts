// Programmer-error assertions for the kernel and everything above it.
// Owns: assert / assertNever / unreachable. Internal-bug messages start with
// "[racelab internal bug]" so they are never mistaken for a model's counterexample.
// User errors (bad input, bad options) are typed classes in sim/errors.ts instead.

/** Throws an internal-bug error when `cond` is false. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`[racelab internal bug] ${message}`);
}

/** Marks a switch as exhaustive at compile time; throws if reached at run time. */
export function assertNever(value: never, what: string): never {
  throw new Error(`[racelab internal bug] unexpected ${what}: ${JSON.stringify(value)}`);
}

/** Marks code that must not run. */
export function unreachable(message: string): never {
  throw new Error(`[racelab internal bug] unreachable: ${message}`);
}
