// Lenient replay (harness/minimize-follow.ts): the stand-in rule picks the nearest message of the
// same kind and sender, a choice without a stand-in is skipped, and whatever it records replays
// exactly under strict replay — so minimized traces stay byte-reproducible.
import { describe, expect, it } from 'vitest';
import type { Choice } from '../sim/choice.js';
import { canonicalJson } from '../sim/canonical.js';
import { followLeniently, standIn } from './minimize-follow.js';
import { followChoices } from './replay.js';
import { runExplore } from './run.js';

describe('standIn', () => {
  const list: Choice[] = [
    { kind: 'deliver', msg: 'a#3' }, { kind: 'deliver', msg: 'a#6' }, { kind: 'deliver', msg: 'b#5' },
    { kind: 'drop', msg: 'a#5' }, { kind: 'deliver', msg: 'a#4+d1' }, { kind: 'timer', timer: 'a/t' },
  ];

  it('takes the same kind from the same sender with the nearest sequence number, lower on a tie', () => {
    expect(standIn('deliver a#5', list)).toEqual({ kind: 'deliver', msg: 'a#6' });
    expect(standIn('deliver a#4', list)).toEqual({ kind: 'deliver', msg: 'a#3' });
    expect(standIn('drop a#9', list)).toEqual({ kind: 'drop', msg: 'a#5' });
  });

  it('keeps duplicates apart from originals and has no stand-in for other kinds or senders', () => {
    expect(standIn('deliver a#7+d1', list)).toEqual({ kind: 'deliver', msg: 'a#4+d1' });
    expect(standIn('deliver c#1', list)).toBeNull();
    expect(standIn('timer a/u', list)).toBeNull();
    expect(standIn('corrupt a#3', list)).toBeNull();
  });
});

describe('followLeniently', () => {
  const run = runExplore({ scenario: 'leases', mutant: 'unfenced-store', seed: '1', minimize: false });
  const choices = run.outcome.violation!.choices;

  it('replays an unedited list exactly', () => {
    expect(followLeniently(run.setup, choices).choices).toEqual(choices);
  });

  it('on an edited list records only choices that were enabled, and strict replay reproduces the record', () => {
    for (let i = 0; i < choices.length; i++) {
      const edited = [...choices.slice(0, i), ...choices.slice(i + 1)];
      const lenient = followLeniently(run.setup, edited);
      const strict = followChoices(run.setup, lenient.choices);
      expect(strict.notEnabled).toBeNull();
      expect(canonicalJson(strict.record.events)).toBe(canonicalJson(lenient.events));
      expect(strict.record.violation?.invariant ?? null).toBe(lenient.violation?.invariant ?? null);
    }
  });
});
