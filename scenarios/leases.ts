// Scenario `leases`: two writers race for a lease and write to a fenced store.
// Goal: whatever the schedule, message faults, stalls past expiry and crashes of the service or
// the store, fencing tokens strictly increase and the store never accepts a stale, unfenced or
// corrupted write. Mutants `unfenced-store`, `reuse-token` and `skip-integrity` must each be
// caught by the invariant they name.
import type { AnyMachineSnapshot } from 'xstate';
import type { Json } from '../sim/canonical.js';
import { faultBudget } from '../sim/faults.js';
import type { WorldView } from '../sim/view.js';
import { leaseServiceMachine, storeMachine, writerMachine, type WriteLogEntry } from '../models/leases.js';
import type { Invariant, Scenario } from './types.js';

function storeLog(v: WorldView): WriteLogEntry[] {
  const s = v.actor('store');
  return s.crashed ? [] : (s.context.log as WriteLogEntry[]);
}

const invariants: Invariant[] = [
  {
    id: 'tokens-increase',
    description: 'fencing tokens issued by the lease service strictly increase',
    reads: ['lease'],
    check(v) {
      const l = v.actor('lease');
      if (l.crashed) return null;
      const issued = l.context.issued as number[];
      for (let i = 1; i < issued.length; i++) {
        if (!(issued[i]! > issued[i - 1]!)) return `token ${issued[i]} issued after token ${issued[i - 1]}`;
      }
      return null;
    },
  },
  {
    id: 'stale-or-unfenced-rejected',
    description: 'the store rejects every write whose token is missing or below the highest it has accepted',
    reads: ['store'],
    check(v) {
      for (const e of storeLog(v)) {
        if (e.accepted && (!(e.token >= 1) || e.token < e.highest)) {
          return `store accepted ${e.writer}'s write with token ${e.token} while its highest accepted token was ${e.highest}`;
        }
      }
      return null;
    },
  },
  {
    id: 'no-lower-after-higher',
    description: 'no write carrying a lower token is accepted after one carrying a higher token',
    reads: ['store'],
    check(v) {
      let max = -Infinity;
      for (const e of storeLog(v).filter((x) => x.accepted)) {
        if (e.token < max) return `write with token ${e.token} (${e.writer}) accepted after a write with token ${max}`;
        max = Math.max(max, e.token);
      }
      return null;
    },
  },
  {
    id: 'one-writer-per-token',
    description: 'at most one writer has writes accepted under any one token',
    reads: ['store'],
    check(v) {
      const owner = new Map<number, string>();
      for (const e of storeLog(v).filter((x) => x.accepted)) {
        const o = owner.get(e.token);
        if (o !== undefined && o !== e.writer) return `token ${e.token} accepted from both ${o} and ${e.writer}`;
        owner.set(e.token, e.writer);
      }
      return null;
    },
  },
  {
    id: 'issued-tokens-only',
    description: 'every accepted write carries a token the lease service actually issued',
    reads: ['store', 'lease'],
    check(v) {
      const l = v.actor('lease');
      if (l.crashed) return null;
      const issued = new Set(l.context.issued as number[]);
      for (const e of storeLog(v)) {
        if (e.accepted && !issued.has(e.token)) return `store accepted token ${e.token} from ${e.writer}, which was never issued`;
      }
      return null;
    },
  },
];

const terminal: Invariant[] = [
  {
    id: 'writers-finish',
    description: 'when nothing more can happen, every live writer has finished (done or gave up)',
    reads: ['w1', 'w2'],
    check(v) {
      for (const id of ['w1', 'w2']) {
        const w = v.actor(id);
        if (!w.crashed && w.status !== 'done') return `${id} is stuck in '${w.state}' with nothing left to happen`;
      }
      return null;
    },
  },
];

const durableLease = (s: AnyMachineSnapshot): Json => ({ nextToken: s.context.nextToken, issued: s.context.issued });
const durableStore = (s: AnyMachineSnapshot): Json => s.context as Json;

export const leasesScenario: Scenario = {
  id: 'leases',
  title: 'Lease-fenced single writer',
  goal: 'Two writers race for a lease with fencing tokens; a writer may stall past expiry. The store must never accept a stale, unfenced or corrupted write.',
  version: 1,
  params: [
    { name: 'attempts', description: 'lease acquisition attempts per writer (first try plus retries); 1 makes the space small enough for exhaustive dpor', default: 3, min: 1, max: 5 },
  ],
  mutants: [
    { name: 'unfenced-store', description: 'the store accepts any token', expect: 'stale-or-unfenced-rejected' },
    { name: 'reuse-token', description: 'the lease service reissues the last token after an expiry', expect: 'tokens-increase' },
    { name: 'skip-integrity', description: 'the store does not verify message digests, so a corrupted token is accepted', expect: 'issued-tokens-only' },
  ],
  invariants,
  terminal,
  faults: { drop: 1, duplicate: 1, corrupt: 1, reorder: 1, inject: 1, crash: 1, restart: 1 },
  depthMax: 200,
  // One attempt per writer, at most one stall (inject) and one corrupted message: dpor verifies the
  // correct model in 75,520 executions (adding drop:1 does not finish within 200,000). corrupt is
  // needed for skip-integrity; the stall lets a writer outlive its lease.
  stated: { params: { attempts: 1 }, faults: { corrupt: 1, inject: 1 }, executionsMax: 100_000 },
  build({ mutant, faults, params }) {
    const writer = writerMachine({ attemptsMax: params.attempts });
    return {
      actors: [
        { id: 'lease', machine: leaseServiceMachine({ reuseToken: mutant === 'reuse-token' }), durable: durableLease },
        { id: 'store', machine: storeMachine({ unfenced: mutant === 'unfenced-store', skipIntegrity: mutant === 'skip-integrity' }), durable: durableStore },
        { id: 'w1', machine: writer, input: { name: 'w1', value: 1 } },
        { id: 'w2', machine: writer, input: { name: 'w2', value: 2 } },
      ],
      faults: faultBudget(faults),
      partitionMs: 150,
      injectables: [
        { actor: 'w1', event: { type: 'STALL' } },
        { actor: 'w2', event: { type: 'STALL' } },
      ],
      crashable: ['lease', 'store'],
    };
  },
};
