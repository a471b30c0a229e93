// Scenario `epoch`: an epoch transition barrier over two participants.
// Goal: whatever the schedule, message faults, a stalled drain and an injected cancel, epochs only
// increase with no gaps, a commit happens only with one valid drain ack from every participant,
// no participant runs ahead of the coordinator (timeout and cancel leave everyone at epoch N), no
// participant accepts a mixed, future, too-old or mid-barrier request, and at quiescence everyone
// agrees. Each mutant must be caught by the oracle it names.
import type { Json } from '../sim/canonical.js';
import { faultBudget } from '../sim/faults.js';
import type { WorldView } from '../sim/view.js';
import type { WorldSpec } from '../sim/world.js';
import {
  coordinatorMachine, EPOCH_TIMING, epochClientMachine, operatorMachine, participantMachine,
  type CoordinatorCtx, type ParticipantCtx,
} from '../models/epoch.js';
import type { Invariant, Mutant, Scenario } from './types.js';

const PARTICIPANTS = ['p1', 'p2'] as const;

function coord(v: WorldView): CoordinatorCtx | null {
  const a = v.actor('coordinator');
  return a.crashed ? null : (a.context as CoordinatorCtx);
}

function part(v: WorldView, id: string): ParticipantCtx | null {
  const a = v.actor(id);
  return a.crashed ? null : (a.context as ParticipantCtx);
}

function gapIn(history: readonly number[]): string | null {
  for (let i = 1; i < history.length; i++) if (history[i] !== history[i - 1]! + 1) return `${history[i - 1]} → ${history[i]}`;
  return null;
}

const invariants: Invariant[] = [
  {
    id: 'proposals-valid',
    description: 'a barrier is proposed only when none is active and its target is the current epoch + 1',
    reads: ['coordinator'],
    check(v) {
      for (const p of coord(v)?.proposals ?? []) {
        if (p.during) return `a barrier for epoch ${p.target} was started while another barrier was active`;
        if (p.target !== p.epoch + 1) return `a barrier for epoch ${p.target} was started at epoch ${p.epoch} (target must be ${p.epoch + 1})`;
      }
      return null;
    },
  },
  {
    id: 'epochs-increase-no-gaps',
    description: 'the coordinator and every participant move through epochs only upward, one at a time',
    reads: ['coordinator', ...PARTICIPANTS],
    check(v) {
      const c = coord(v);
      const g = c ? gapIn(c.history) : null;
      if (g) return `coordinator moved ${g} (history ${c!.history.join(', ')})`;
      for (const id of PARTICIPANTS) {
        const p = part(v, id);
        const pg = p ? gapIn(p.epochs) : null;
        if (pg) return `${id} moved ${pg} (history ${p!.epochs.join(', ')})`;
      }
      return null;
    },
  },
  {
    id: 'commit-needs-all-acks',
    description: 'every commit carries exactly one ack from each participant, each for the committed barrier',
    reads: ['coordinator'],
    check(v) {
      for (const cm of coord(v)?.commits ?? []) {
        const froms = cm.acks.map((a) => a.from).sort();
        const bad = cm.acks.find((a) => a.barrier !== cm.barrier);
        if (bad) return `commit of ${cm.barrier} counted ${bad.from}'s ack for barrier ${bad.barrier}`;
        if (froms.join(',') !== [...PARTICIPANTS].sort().join(',')) return `commit of ${cm.barrier} (epoch ${cm.target}) with acks from [${froms.join(', ')}]; needs exactly one from each of ${PARTICIPANTS.join(', ')}`;
      }
      return null;
    },
  },
  {
    id: 'participant-not-ahead',
    description: 'no participant is ever at a later epoch than the coordinator has committed (timeout and cancel leave everyone at N)',
    reads: ['coordinator', ...PARTICIPANTS],
    check(v) {
      const c = coord(v);
      if (!c) return null;
      for (const id of PARTICIPANTS) {
        const p = part(v, id);
        if (p && p.epoch > c.epoch) return `${id} is at epoch ${p.epoch} while the coordinator is at ${c.epoch}`;
      }
      return null;
    },
  },
  {
    id: 'no-mixed-epoch-acceptance',
    description: 'a participant accepts a request only while serving, with every part at the request epoch, not from the future and not older than the lookback window',
    reads: [...PARTICIPANTS],
    check(v) {
      for (const id of PARTICIPANTS) {
        const p = part(v, id);
        for (const r of p?.accepted ?? []) {
          if (r.phase !== 'serving') return `${id} accepted request ${r.id} during a barrier (${r.phase})`;
          if (r.parts.some((x) => x !== r.epoch)) return `${id} accepted request ${r.id} of epoch ${r.epoch} with parts from epochs [${r.parts.join(', ')}]`;
          if (r.epoch > r.at) return `${id} accepted request ${r.id} from future epoch ${r.epoch} while at ${r.at}`;
          if (r.epoch < r.at - p!.lookback) return `${id} accepted request ${r.id} of epoch ${r.epoch}, older than the lookback window (${p!.lookback}) of epoch ${r.at}`;
        }
      }
      return null;
    },
  },
];

const terminal: Invariant[] = [
  {
    id: 'epochs-agree',
    description: 'when nothing more can happen the coordinator has no barrier and every participant serves at its epoch',
    reads: ['coordinator', ...PARTICIPANTS],
    check(v) {
      const c = coord(v);
      if (!c) return null;
      if (v.actor('coordinator').state !== 'stable') return `coordinator is stuck in '${v.actor('coordinator').state}'`;
      for (const id of PARTICIPANTS) {
        const p = part(v, id);
        if (!p) continue;
        if (v.actor(id).state !== 'serving') return `${id} is stuck in '${v.actor(id).state}' for barrier ${p.barrier}`;
        if (p.epoch !== c.epoch) return `${id} serves epoch ${p.epoch} while the coordinator is at ${c.epoch}`;
      }
      return null;
    },
  },
];

/** Mutants of the epoch scenario and the oracle each must violate. */
export const EPOCH_MUTANTS: readonly Mutant[] = [
  { name: 'no-propose-guard', description: 'any PROPOSE starts a barrier, whatever its target and even during a barrier', expect: 'proposals-valid' },
  { name: 'abort-rolls-back', description: 'on ABORT a participant steps its epoch back, as if undoing a tentative advance', expect: 'epochs-increase-no-gaps' },
  { name: 'commit-on-first-ack', description: 'the coordinator commits after the first ack', expect: 'commit-needs-all-acks' },
  { name: 'accept-duplicate-ack', description: 'a duplicated ack counts twice', expect: 'commit-needs-all-acks' },
  { name: 'accept-unknown-ack', description: 'an ack from a non-participant counts', expect: 'commit-needs-all-acks' },
  { name: 'accept-stale-ack', description: 'an ack carrying another barrier id counts', expect: 'commit-needs-all-acks' },
  { name: 'advance-on-prepare', description: 'a participant adopts the new epoch on PREPARE instead of COMMIT', expect: 'participant-not-ahead' },
  { name: 'accept-mixed', description: 'a request whose parts carry different epochs is accepted', expect: 'no-mixed-epoch-acceptance' },
  { name: 'accept-future', description: 'a request from a future epoch is accepted', expect: 'no-mixed-epoch-acceptance' },
  { name: 'no-lookback', description: 'a request older than the lookback window is accepted', expect: 'no-mixed-epoch-acceptance' },
  { name: 'accept-while-draining', description: 'requests are still accepted during a barrier', expect: 'no-mixed-epoch-acceptance' },
  { name: 'abort-without-broadcast', description: 'abort returns to stable without telling the participants', expect: 'epochs-agree' },
];

export const epochScenario: Scenario = {
  id: 'epoch',
  title: 'Epoch transition barrier',
  goal: 'A coordinator moves two participants from epoch 5 to 6 through a drain barrier while a client sends requests of various epochs; acks can be lost, duplicated, stale or forged and a cancel or a stalled drain can abort the barrier.',
  version: 1,
  params: [],
  mutants: EPOCH_MUTANTS,
  invariants,
  terminal,
  faults: { drop: 1, duplicate: 1, corrupt: 1, reorder: 1, inject: 2 },
  depthMax: 200,
  build({ mutant, faults }) {
    const on = (name: string): true | undefined => (mutant === name ? true : undefined);
    const co = { noProposeGuard: on('no-propose-guard'), commitOnFirstAck: on('commit-on-first-ack'), acceptDuplicateAck: on('accept-duplicate-ack'), acceptUnknownAck: on('accept-unknown-ack'), acceptStaleAck: on('accept-stale-ack'), abortWithoutBroadcast: on('abort-without-broadcast') };
    const po = { acceptMixed: on('accept-mixed'), acceptFuture: on('accept-future'), noLookback: on('no-lookback'), acceptWhileDraining: on('accept-while-draining'), advanceOnPrepare: on('advance-on-prepare'), abortRollsBack: on('abort-rolls-back') };
    const start = EPOCH_TIMING.startEpoch;
    const pin: Json = { epoch: start, lookback: EPOCH_TIMING.lookbackEpochs };
    const spec: WorldSpec = {
      actors: [
        { id: 'coordinator', machine: coordinatorMachine(co), input: { participants: [...PARTICIPANTS], epoch: start } },
        { id: 'p1', machine: participantMachine(po), input: pin },
        { id: 'p2', machine: participantMachine(po), input: pin },
        { id: 'operator', machine: operatorMachine(), input: { epoch: start } },
        { id: 'client', machine: epochClientMachine() },
      ],
      faults: faultBudget(faults),
      partitionMs: 0,
      injectables: [
        { actor: 'coordinator', event: { type: 'CANCEL' } },
        { actor: 'p2', event: { type: 'STALL' } },
        { actor: 'client', event: { type: 'FORGE_ACK' } },
      ],
      crashable: [],
    };
    return spec;
  },
};
