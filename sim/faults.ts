// Fault budgets: how many faults of each kind one execution may use.
// Owns: the FaultKind vocabulary, FaultBudget (limits) and FaultCounts (used so far). Faults are
// explicit Choices; a fault choice is enabled only while its kind has budget left. Every kind
// defaults to 0 (off); a scenario or the CLI turns kinds on.

/** Every kind of fault a world can inject. */
export const FAULT_KINDS = ['drop', 'duplicate', 'corrupt', 'reorder', 'partition', 'crash', 'restart', 'inject'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Per-execution limits, one per fault kind. */
export type FaultBudget = Readonly<Record<FaultKind, number>>;
/** Faults used so far in this execution, one count per kind. */
export type FaultCounts = Readonly<Record<FaultKind, number>>;

/** A budget with every kind off, overridden by `partial`. */
export function faultBudget(partial: Partial<Record<FaultKind, number>> = {}): FaultBudget {
  const out = {} as Record<FaultKind, number>;
  for (const k of FAULT_KINDS) {
    const v = partial[k] ?? 0;
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`fault budget '${k}' must be a whole number >= 0, got ${String(v)}`);
    out[k] = v;
  }
  return Object.freeze(out);
}

/** Zero counts. */
export function faultCountsZero(): FaultCounts {
  return faultBudget();
}

/** True while kind `k` has budget left. */
export function faultAllowed(budget: FaultBudget, used: FaultCounts, k: FaultKind): boolean {
  return used[k] < budget[k];
}

/** Counts one more fault of kind `k`. */
export function faultUse(used: FaultCounts, k: FaultKind): FaultCounts {
  return { ...used, [k]: used[k] + 1 };
}

/** Sum of two fault counts, kind by kind. */
export function addFaultCounts(a: FaultCounts, b: FaultCounts): FaultCounts {
  const out = {} as Record<FaultKind, number>;
  for (const k of FAULT_KINDS) out[k] = a[k] + b[k];
  return out;
}
