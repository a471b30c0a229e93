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

/**
 * Stated bounds: a configuration small enough for `dpor` to explore the correct model
 * exhaustively (the scenario's `verified` claim) and large enough that every mutant's bug shows
 * inside it (so the claim is not vacuous). harness/testing/stated-bounds.ts checks both, and that
 * each minimized counterexample within these bounds is no longer than the one `bfs` finds.
 */
export interface StatedBounds {
  /** Scenario parameters (names not given take their defaults). */
  readonly params: Readonly<Record<string, number>>;
  /** Fault budget per execution; kinds not named are 0 (off). */
  readonly faults: Readonly<Partial<Record<FaultKind, number>>>;
  /** The execution cap the dpor search must finish under. */
  readonly executionsMax: number;
  /** Step bound per execution (default: the scenario's depthMax). */
  readonly depthMax?: number;
  /**
   * Mutants whose bug lies outside these bounds, each with the smallest additions (params and
   * fault budgets, applied on top of these bounds) that show it. The verified claim does not
   * cover such configurations; the mutant's checks run within its own bounds.
   */
  readonly mutants?: Readonly<Record<string, MutantBounds>>;
  /**
   * How the shortest counterexample a minimized one is compared with is found: `bfs` (default),
   * or `dpor` for programs with terminal oracles only, whose violating executions are too long
   * for bfs: a complete dpor search visits every Mazurkiewicz trace, all linearizations of a trace
   * have the same length and reach the same terminal state, so its shortest violating execution
   * is as short as any.
   */
  readonly shortestBy?: 'bfs' | 'dpor';
}

/** What a mutant's own bounds add to a scenario's stated bounds. */
export interface MutantBounds {
  readonly params?: Readonly<Record<string, number>>;
  readonly faults?: Readonly<Partial<Record<FaultKind, number>>>;
  /** Why the stated bounds do not show this mutant's bug, in one sentence. */
  readonly why: string;
  /**
   * The exhaustive strategy that must find the bug within these bounds (default dpor). `bfs`
   * when dpor's fault rounds (every fault-free execution first) are too many for CI here.
   */
  readonly foundBy?: 'dpor' | 'bfs';
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
  /** Bounds within which dpor verifies the correct model (absent for programs without mutants). */
  readonly stated?: StatedBounds;
  build(opts: BuildOptions): WorldSpec;
}
