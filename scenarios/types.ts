// The scenario language: what a scenario declares and nothing about how it is explored.
// Owns: Scenario, Invariant, Mutant, ScenarioParam and the build options. A scenario composes
// actors (XState machines from models/) into a WorldSpec, names its invariants (checked after
// every step) and terminal oracles (checked when nothing more can happen), and lists the
// mutants it ships together with the invariant each must violate.
import type { FaultBudget, FaultKind } from '../sim/faults.js';
import type { WorldView } from '../sim/view.js';
import type { WorldSpec } from '../sim/world.js';

/** A property of every reachable state (or of terminal states, for terminal oracles). */
export interface Invariant {
  readonly id: string;
  readonly description: string;
  /**
   * Actor ids the check reads. Explorers that reduce interleavings (dpor) treat the check as
   * dependent with every step that writes one of these actors.
   */
  readonly reads: readonly string[];
  /** null when the property holds, otherwise a one-line explanation of the violation. */
  check(view: WorldView): string | null;
}

/** A deliberately broken variant of the scenario's models. */
export interface Mutant {
  readonly name: string;
  readonly description: string;
  /** The invariant this mutant must violate (the lab's proof of its own sensitivity). */
  readonly expect: string;
}

/** A numeric size parameter such as `n` for the literature programs. */
export interface ScenarioParam {
  readonly name: string;
  readonly description: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** Options a scenario is built with; all filled in by the harness. */
export interface BuildOptions {
  readonly mutant: string | null;
  readonly faults: FaultBudget;
  readonly params: Readonly<Record<string, number>>;
}

/** A scenario: a goal, a world, its oracles and its mutants. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** What the scenario is for, in one or two sentences. */
  readonly goal: string;
  /** Bumped whenever the scenario's meaning changes; part of the definition hash. */
  readonly version: number;
  readonly params: readonly ScenarioParam[];
  readonly mutants: readonly Mutant[];
  readonly invariants: readonly Invariant[];
  readonly terminal: readonly Invariant[];
  /** Default fault budget per execution (kinds not named are off). */
  readonly faults: Readonly<Partial<Record<FaultKind, number>>>;
  /** Default step bound for one execution. */
  readonly depthMax: number;
  build(opts: BuildOptions): WorldSpec;
}
