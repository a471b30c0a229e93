// Lenient replay for the minimizer: follows a candidate choice list, and when a recorded message
// choice is no longer enabled (removing an earlier send renumbers the sender's later messages),
// takes the enabled choice of the same kind on the nearest message id from the same sender; a
// choice with no such stand-in is skipped. Owns only these substitution rules. The record holds the choices actually taken, so whatever
// the minimizer keeps replays exactly with harness/replay.ts followChoices.
import { choiceKey, type Choice } from '../sim/choice.js';
import { runExecution, type ExecutionRecord } from './execution.js';
import type { RunSetup } from './setup.js';

const MSG_ID = /^(.*)#(\d+)((?:\+d\d+)?)$/;

/** Sender, sequence number and duplicate suffix of a message id (`from#n` or `from#n+dK`). */
function msgParts(id: string): { from: string; n: number; dup: string } | null {
  const m = MSG_ID.exec(id);
  return m ? { from: m[1]!, n: Number(m[2]), dup: m[3]! } : null;
}

/** The message id a choice acts on, or null for choices without one. */
function msgOf(c: Choice): string | null {
  return 'msg' in c ? c.msg : null;
}

/**
 * The enabled stand-in for a key that is not enabled: same kind, same sender, same duplicate
 * form, nearest sequence number (the lower one on a tie). Null when there is none.
 */
export function standIn(want: string, list: readonly Choice[]): Choice | null {
  const sp = want.indexOf(' ');
  const kind = want.slice(0, sp);
  const parts = msgParts(want.slice(sp + 1));
  if (!parts) return null;
  let best: Choice | null = null;
  let bestDist = Infinity;
  for (const c of list) {
    const id = msgOf(c);
    if (c.kind !== kind || id === null) continue;
    const p = msgParts(id);
    if (!p || p.from !== parts.from || p.dup !== parts.dup) continue;
    const d = Math.abs(p.n - parts.n) * 2 + (p.n > parts.n ? 1 : 0);
    if (d < bestDist) [best, bestDist] = [c, d];
  }
  return best;
}

/**
 * Follows `choices`, substituting stand-ins for message choices that are no longer enabled and
 * skipping any other choice that is not enabled (as if the candidate had removed it too).
 */
export function followLeniently(setup: RunSetup, choices: readonly string[]): ExecutionRecord {
  let next = 0;
  return runExecution(setup, 0, (list) => {
    while (next < choices.length) {
      const want = choices[next++]!;
      const c = list.find((x) => choiceKey(x) === want) ?? standIn(want, list);
      if (c) return c;
    }
    return null;
  }, choices.length + 1);
}
