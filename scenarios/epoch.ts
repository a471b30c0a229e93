// Scenario `epoch`: an epoch transition barrier over two participants.
// Goal: whatever the schedule, message faults, a stalled drain, an injected cancel, a forged ack
// and an ack retransmission, epochs only increase with no gaps, a commit happens only with one
// valid drain ack from every participant, no participant runs ahead of the coordinator (timeout
// and cancel leave everyone at epoch N), no participant accepts a mixed, future, too-old or
// mid-barrier request, and at quiescence everyone agrees. Each mutant must be caught by the oracle
// it names. Parameters shrink the world for exhaustive dpor (`stated`); defaults are the full world.
import type { Json } from '../sim/canonical.js';
import { faultBudget } from '../sim/faults.js';
import type { WorldView } from '../sim/view.js';
import type { WorldSpec } from '../sim/world.js';
import {
  coordinatorMachine, EPOCH_PROPOSALS_MAX, EPOCH_REQUESTS_MAX, EPOCH_TIMING, epochClientMachine, operatorMachine, participantMachine,
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

/**
 * One property checked on each actor separately: an instance per actor, all with the same id, each
 * reading only its actor. DPOR keeps every actor's local history, so per-actor checks need no
 * extra dependencies (a single check reading several actors would make all their steps dependent).
 */
function perActor(id: string, description: string, actors: readonly string[], check: (v: WorldView, actor: string) => string | null): Invariant[] {
  return actors.map((a) => ({ id, description: `${a} ${description}`, reads: [a], check: (v: WorldView) => check(v, a) }));
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
  ...perActor('epochs-increase-no-gaps', 'moves through epochs only upward, one at a time', ['coordinator', ...PARTICIPANTS], (v, id) => {
    const history = id === 'coordinator' ? coord(v)?.history : part(v, id)?.epochs;
    const g = history ? gapIn(history) : null;
    return g ? `${id} moved ${g} (history ${history!.join(', ')})` : null;
  }),
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
  // Checked on the participant alone: a COMMIT carries the epoch the coordinator has just moved
  // to, and the coordinator's epoch never goes down, so "not above the highest epoch committed to
  // it" implies "not above the coordinator's epoch" at every instant.
  ...perActor('participant-not-ahead', 'is never at a later epoch than the coordinator has committed to it (timeout and cancel leave everyone at N)', PARTICIPANTS, (v, id) => {
    const p = part(v, id);
    return p && p.epoch > p.committedSeen ? `${id} is at epoch ${p.epoch} while the coordinator has committed only up to ${p.committedSeen}` : null;
  }),
  ...perActor('no-mixed-epoch-acceptance', 'accepts a request only while serving, with every part at the request epoch, not from the future and not older than the lookback window', PARTICIPANTS, (v, id) => {
    const p = part(v, id);
    for (const r of p?.accepted ?? []) {
      if (r.phase !== 'serving') return `${id} accepted request ${r.id} during a barrier (${r.phase})`;
      if (r.parts.some((x) => x !== r.epoch)) return `${id} accepted request ${r.id} of epoch ${r.epoch} with parts from epochs [${r.parts.join(', ')}]`;
      if (r.epoch > r.at) return `${id} accepted request ${r.id} from future epoch ${r.epoch} while at ${r.at}`;
      if (r.epoch < r.at - p!.lookback) return `${id} accepted request ${r.id} of epoch ${r.epoch}, older than the lookback window (${p!.lookback}) of epoch ${r.at}`;
    }
    return null;
  }),
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
  goal: 'A coordinator moves two participants from epoch 5 to 6 through a drain barrier while a client sends requests of various epochs; acks can be lost, duplicated, retransmitted, stale or forged and a cancel or a stalled drain can abort the barrier.',
  version: 2,
  params: [
    { name: 'proposals', description: 'operator proposals: the first N of epoch+1 and the gap epoch+3 (at once), then epoch+1 again later (a retry after an abort)', default: 3, min: 1, max: EPOCH_PROPOSALS_MAX },
    { name: 'requests', description: 'client requests: the first N of r1 good, r2 mixed, r3 future, r4 too old (all to p1 at once), r5 good to p2 later', default: 5, min: 0, max: EPOCH_REQUESTS_MAX },
    { name: 'batch', description: 'the requests to p1 travel as separate messages (0) or as one REQ carrying them all, each judged on its own (1)', default: 0, min: 0, max: 1 },
    { name: 'drain', description: 'participants drain for drainMs before acking (1) or ack at once on PREPARE (0: no drain timer and no stall)', default: 1, min: 0, max: 1 },
    { name: 'resends', description: 'COMMIT/ABORT resends per barrier outcome, after which the coordinator only waits for DONE; -1 (default) = resend every retryMs until all confirm', default: -1, min: -1, max: 10 },
  ],
  mutants: EPOCH_MUTANTS,
  invariants,
  terminal,
  faults: { drop: 1, duplicate: 1, corrupt: 1, reorder: 1, inject: 2 },
  depthMax: 200,
  // Stated bounds: one barrier round (b6.1) over both participants with the gap proposal (6 and
  // 8 at once), the four p1 requests as one batch, instant drain and no COMMIT/ABORT resends; one
  // injection: a CANCEL, a forged ack from the client, or p1 retransmitting its last ack (stale
  // before its PREPARE, a duplicate after). Kept: an ack racing the barrier timeout or the cancel,
  // a duplicated / wrong-barrier / unknown ack, a request of a mixed, future or too old epoch and
  // one arriving mid-barrier, every order of acks and DONEs at the coordinator. Cut: the repropose
  // after an abort (a second barrier), r5, the requests' order among themselves, the drain timer
  // and stall, resends, and message faults: drop and corrupt need resends (with none a lost COMMIT
  // leaves the barrier stuck), and adding reorder=1 alone takes 199,688 executions (72,535 without).
  stated: { params: { proposals: 2, requests: 4, batch: 1, drain: 0, resends: 0 }, faults: { inject: 1 }, executionsMax: 150_000 },
  build({ mutant, faults, params }) {
    const on = (name: string): true | undefined => (mutant === name ? true : undefined);
    const co = { noProposeGuard: on('no-propose-guard'), commitOnFirstAck: on('commit-on-first-ack'), acceptDuplicateAck: on('accept-duplicate-ack'), acceptUnknownAck: on('accept-unknown-ack'), acceptStaleAck: on('accept-stale-ack'), abortWithoutBroadcast: on('abort-without-broadcast'), resendsMax: params.resends < 0 ? undefined : params.resends };
    const po = { acceptMixed: on('accept-mixed'), acceptFuture: on('accept-future'), noLookback: on('no-lookback'), acceptWhileDraining: on('accept-while-draining'), advanceOnPrepare: on('advance-on-prepare'), abortRollsBack: on('abort-rolls-back'), instantDrain: params.drain === 0 ? true : undefined };
    const start = EPOCH_TIMING.startEpoch;
    const pin: Json = { epoch: start, lookback: EPOCH_TIMING.lookbackEpochs };
    const spec: WorldSpec = {
      actors: [
        { id: 'coordinator', machine: coordinatorMachine(co), input: { participants: [...PARTICIPANTS], epoch: start } },
        { id: 'p1', machine: participantMachine(po), input: pin },
        { id: 'p2', machine: participantMachine(po), input: pin },
        { id: 'operator', machine: operatorMachine({ proposals: params.proposals }), input: { epoch: start } },
        { id: 'client', machine: epochClientMachine({ requests: params.requests, batch: params.batch === 1 }) },
      ],
      faults: faultBudget(faults),
      partitionMs: 0,
      injectables: [
        { actor: 'coordinator', event: { type: 'CANCEL' } },
        ...(params.drain === 0 ? [] : [{ actor: 'p2', event: { type: 'STALL' } }]),
        { actor: 'client', event: { type: 'FORGE_ACK' } },
        { actor: 'p1', event: { type: 'REACK' } },
      ],
      crashable: [],
    };
    return spec;
  },
};
