// Scenario `decision-contract`: the fail-closed decision contract (scope 6 of issue 4).
// Goal: whatever the schedule and whatever the transport does to the evidence and the contract
// (loss, duplication, reordering, corruption), the decider never accepts on missing, stale or
// tampered evidence, its public status always matches its decision, and the consumer adopts only
// the contract the decider issued (verified by its SHA-256).
// Our reading of the QSP product contract (the spec is not available here): evidence answers a
// round nonce, and evidence for another round is stale (the prover always sends one stale cached
// `time` evidence first); tampered evidence (digest mismatch) or a failing score rejects; missing
// or stale evidence leaves the decision pending when the collection window closes; status is
// approved / under-review / denied for accept / pending / reject.
import { faultBudget } from '../sim/faults.js';
import type { WorldView } from '../sim/view.js';
import {
  contractConsumerMachine, deciderMachine, proverMachine, DECISION_RULES, EVIDENCE_KINDS, STATUS_OF,
  type ConsumerCtx, type DeciderCtx,
} from '../models/decision-contract.js';
import type { Invariant, Scenario } from './types.js';

const decider = (v: WorldView): { state: string; done: boolean; ctx: DeciderCtx } => {
  const d = v.actor('decider');
  return { state: d.state, done: d.status === 'done', ctx: d.context as DeciderCtx };
};

const invariants: Invariant[] = [
  {
    id: 'status-consistent',
    description: 'the public status always matches the decision (accept=approved, pending=under-review, reject=denied)',
    reads: ['decider'],
    check(v) {
      const { ctx } = decider(v);
      const want = STATUS_OF[ctx.decision];
      return ctx.status === want ? null : `public status '${ctx.status}' while the decision is '${ctx.decision}' (must be '${want}')`;
    },
  },
  {
    id: 'accept-needs-valid-evidence',
    description: 'accept only with all four kinds intact, fresh and passing, and no tampered evidence seen',
    reads: ['decider'],
    check(v) {
      const { ctx } = decider(v);
      if (ctx.decision !== 'accept') return null;
      for (const k of EVIDENCE_KINDS) {
        const r = ctx.counted[k];
        if (!r) return `accepted without '${k}' evidence`;
        if (!r.intact) return `accepted on tampered '${k}' evidence (score ${r.score})`;
        if (!r.fresh) return `accepted on stale '${k}' evidence (round ${r.nonce}, current ${DECISION_RULES.round})`;
        if (r.score < DECISION_RULES.passScore) return `accepted on failing '${k}' evidence (score ${r.score})`;
      }
      const bad = ctx.log.find((r) => !r.intact);
      return bad ? `accepted although tampered '${bad.kind}' evidence was received` : null;
    },
  },
  {
    id: 'consumer-adopts-issued',
    description: 'the consumer adopts only the contract the decider issued (SHA-256 verified)',
    reads: ['consumer', 'decider'],
    check(v) {
      const c = v.actor('consumer').context as ConsumerCtx;
      if (!c.adopted) return null;
      const d = decider(v);
      if (!d.done || c.adopted.decision !== d.ctx.decision || c.adopted.status !== d.ctx.status) {
        return `consumer adopted '${c.adopted.decision}'/'${c.adopted.status}' but the decider issued '${d.ctx.decision}'/'${d.ctx.status}'${d.done ? '' : ' (and has not decided)'}`;
      }
      return null;
    },
  },
];

const terminal: Invariant[] = [
  {
    id: 'decided-at-close',
    description: 'when nothing more can happen, the decider has decided (fail-closed: pending if evidence is missing)',
    reads: ['decider'],
    check(v) {
      const d = decider(v);
      return d.done ? null : `decider still '${d.state}' with nothing left to happen`;
    },
  },
];

export const decisionContractScenario: Scenario = {
  id: 'decision-contract',
  title: 'Fail-closed decision contract',
  goal: 'Evidence crosses a faulty transport; missing, stale or tampered evidence never yields accept, the public status always matches the decision, and the consumer adopts only a SHA-256-verified contract.',
  version: 1,
  params: [],
  mutants: [
    { name: 'skip-freshness', description: 'evidence answering an old round is counted', expect: 'accept-needs-valid-evidence' },
    { name: 'skip-integrity', description: 'tampered evidence is counted like intact evidence', expect: 'accept-needs-valid-evidence' },
    { name: 'accept-on-window', description: 'when the window closes with nothing failing, the decider accepts (missing evidence treated as a pass)', expect: 'accept-needs-valid-evidence' },
    { name: 'status-early', description: 'the public status turns approved once every kind has arrived, before the decision', expect: 'status-consistent' },
    { name: 'consumer-skips-sha', description: 'the consumer adopts the contract without verifying its SHA-256', expect: 'consumer-adopts-issued' },
    { name: 'no-window', description: 'the collection window never closes', expect: 'decided-at-close' },
  ],
  invariants,
  terminal,
  faults: { drop: 1, duplicate: 1, corrupt: 1, reorder: 1 },
  depthMax: 60,
  // dpor verifies the correct model here in about 3,000 executions; every mutant is found within it.
  stated: { params: {}, faults: { drop: 1, corrupt: 1 }, executionsMax: 5000 },
  build({ mutant, faults }) {
    return {
      actors: [
        { id: 'prover', machine: proverMachine() },
        {
          id: 'decider',
          machine: deciderMachine({
            skipFreshness: mutant === 'skip-freshness',
            skipIntegrity: mutant === 'skip-integrity',
            acceptOnWindow: mutant === 'accept-on-window',
            statusEarly: mutant === 'status-early',
            noWindow: mutant === 'no-window',
          }),
          input: { subject: 'release-2026.11' },
        },
        { id: 'consumer', machine: contractConsumerMachine({ skipSha: mutant === 'consumer-skips-sha' }) },
      ],
      faults: faultBudget(faults),
      partitionMs: 100,
      injectables: [],
      crashable: [],
    };
  },
};
