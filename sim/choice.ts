// Choices: every nondeterministic thing that can happen next in a world, as data.
// Owns: the Choice union, its stable text key, the canonical order of choices, and the
// Footprint type (objects a step read and wrote) from which explorers derive dependency.
// Explorers pick choices; the World (sim/world.ts) lists and applies them.

/** One thing that can happen next. Targets are stable ids, never positions. */
export type Choice =
  | { readonly kind: 'deliver'; readonly msg: string }
  | { readonly kind: 'timer'; readonly timer: string }
  | { readonly kind: 'reorder'; readonly msg: string }
  | { readonly kind: 'drop'; readonly msg: string }
  | { readonly kind: 'duplicate'; readonly msg: string }
  | { readonly kind: 'corrupt'; readonly msg: string }
  | { readonly kind: 'partition'; readonly link: string }
  | { readonly kind: 'crash'; readonly actor: string }
  | { readonly kind: 'restart'; readonly actor: string }
  | { readonly kind: 'inject'; readonly actor: string; readonly event: string }
  | { readonly kind: 'thread'; readonly thread: string };

export type ChoiceKind = Choice['kind'];

/** Canonical rank of each kind: schedule choices first, then faults. */
export const CHOICE_KIND_RANK: Readonly<Record<ChoiceKind, number>> = {
  deliver: 0,
  timer: 1,
  reorder: 2,
  drop: 3,
  duplicate: 4,
  corrupt: 5,
  partition: 6,
  crash: 7,
  restart: 8,
  inject: 9,
  thread: 10,
};

/** Kinds that are faults (consume a fault budget) rather than ordinary scheduling. */
export const FAULT_CHOICE_KINDS: ReadonlySet<ChoiceKind> = new Set<ChoiceKind>([
  'reorder', 'drop', 'duplicate', 'corrupt', 'partition', 'crash', 'restart', 'inject',
]);

/** The object a choice acts on (message id, timer id, link or actor). */
export function choiceTarget(c: Choice): string {
  switch (c.kind) {
    case 'deliver': case 'reorder': case 'drop': case 'duplicate': case 'corrupt':
      return c.msg;
    case 'timer':
      return c.timer;
    case 'partition':
      return c.link;
    case 'crash': case 'restart':
      return c.actor;
    case 'inject':
      return `${c.actor}:${c.event}`;
    case 'thread':
      return c.thread;
  }
}

/** Stable text key, e.g. `deliver w1#0`, `timer lease/expire`, `inject w1:STALL`. */
export function choiceKey(c: Choice): string {
  return `${c.kind} ${choiceTarget(c)}`;
}

/** Total order used by `enabled`: kind rank, then target text (code-unit order). */
export function compareChoices(a: Choice, b: Choice): number {
  const r = CHOICE_KIND_RANK[a.kind] - CHOICE_KIND_RANK[b.kind];
  if (r !== 0) return r;
  const ta = choiceTarget(a);
  const tb = choiceTarget(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** Parses a key made by choiceKey back into a Choice, or undefined when malformed. */
export function parseChoiceKey(key: string): Choice | undefined {
  const sp = key.indexOf(' ');
  if (sp <= 0) return undefined;
  const kind = key.slice(0, sp) as ChoiceKind;
  const target = key.slice(sp + 1);
  if (!(kind in CHOICE_KIND_RANK) || target.length === 0) return undefined;
  switch (kind) {
    case 'deliver': case 'reorder': case 'drop': case 'duplicate': case 'corrupt':
      return { kind, msg: target };
    case 'timer':
      return { kind, timer: target };
    case 'partition':
      return { kind, link: target };
    case 'crash': case 'restart':
      return { kind, actor: target };
    case 'inject': {
      const colon = target.indexOf(':');
      if (colon <= 0) return undefined;
      return { kind, actor: target.slice(0, colon), event: target.slice(colon + 1) };
    }
    case 'thread':
      return { kind, thread: target };
  }
}

/**
 * What a step read and wrote, as object ids: `actor:ID`, `msg:ID`, `link:A->B`, `clock`,
 * `timers`, `cell:NAME`. Two steps are dependent when one writes an object the other reads or
 * writes.
 */
export interface Footprint {
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

/** True when two footprints conflict (write/write or read/write on a common object). */
export function footprintsConflict(a: Footprint, b: Footprint): boolean {
  for (const w of a.writes) if (b.writes.includes(w) || b.reads.includes(w)) return true;
  for (const w of b.writes) if (a.reads.includes(w)) return true;
  return false;
}
