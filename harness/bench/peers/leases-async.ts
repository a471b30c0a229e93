// The lease-fencing race written as async code for fast-check's scheduler: a lease service and a
// fenced store as message handlers, two writers as async functions (acquire, work, write,
// release, with reply timeouts and retries), mirroring models/leases.ts and its mutants
// (unfenced-store, skip-integrity, reuse-token). Judged by the lease scenario's own invariants.
import { integrityOk } from '../../../sim/conventions.js';
import { LEASE_TIMING, type WriteLogEntry } from '../../../models/leases.js';
import { leasesScenario } from '../../../scenarios/leases.js';
import { AsyncNet, type Delivered } from './async-net.js';
import { firstViolation, type AsyncActorState } from './oracle.js';
import type { AsyncRace } from './race.js';

const intact = (ev: Delivered): boolean => integrityOk(ev as never);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : -1);

interface LeaseState { holder: string | null; token: number; nextToken: number; issued: number[] }
interface StoreState { highest: number; value: number | null; log: WriteLogEntry[] }

function leaseService(net: AsyncNet, st: LeaseState, reuse: boolean): void {
  let expiry: { cancel(): void } | null = null;
  net.on('lease', (ev) => {
    if (ev.type === 'ACQUIRE' && intact(ev)) {
      if (st.holder !== null) return net.send('lease', ev.$from, { type: 'BUSY' });
      const last = st.issued[st.issued.length - 1];
      const token = reuse && last !== undefined ? last : st.nextToken;
      Object.assign(st, { holder: ev.$from, token, nextToken: token + 1, issued: [...st.issued, token] });
      net.send('lease', ev.$from, { type: 'GRANT', token });
      expiry?.cancel();
      expiry = net.timer(`lease expires token ${token}`, () => { if (st.token === token) st.holder = null; });
    } else if (ev.type === 'RELEASE' && intact(ev) && st.holder === ev.$from && ev.token === st.token) {
      st.holder = null;
      expiry?.cancel();
    }
  });
}

function store(net: AsyncNet, st: StoreState, opts: { unfenced: boolean; skipIntegrity: boolean }): void {
  net.on('store', (ev) => {
    if (ev.type !== 'WRITE') return;
    const token = num(ev.token);
    const admissible = (opts.skipIntegrity || intact(ev)) && (opts.unfenced || (Number.isInteger(ev.token) && token >= st.highest));
    st.log = [...st.log, { writer: ev.$from, token, value: num(ev.value), accepted: admissible, highest: st.highest }];
    if (admissible) {
      st.highest = Math.max(st.highest, token);
      st.value = num(ev.value);
    }
    net.send('store', ev.$from, { type: admissible ? 'ACK' : 'REJECT', token });
  });
}

async function writer(net: AsyncNet, name: string, value: number, done: () => void): Promise<void> {
  for (let attempt = 1; attempt <= LEASE_TIMING.attemptsMax; attempt++) {
    net.send(name, 'lease', { type: 'ACQUIRE' });
    const reply = await net.receive(name, ['GRANT', 'BUSY'], `${name} acquire timeout`);
    if (reply === null || !intact(reply)) continue;
    if (reply.type === 'BUSY') {
      await net.sleep(`${name} backoff`);
      continue;
    }
    const token = reply.token as number;
    await net.sleep(`${name} works`);
    net.send(name, 'store', { type: 'WRITE', token, value });
    await net.receive(name, ['ACK', 'REJECT'], `${name} write timeout`);
    net.send(name, 'lease', { type: 'RELEASE', token });
    break;
  }
  done();
}

/** The async lease race for `mutant` (null: the correct protocol). */
export const leasesAsync: AsyncRace = {
  scenario: 'leases',
  sendsMax: 16,
  async run(s, plan, mutant) {
    const lease: LeaseState = { holder: null, token: 0, nextToken: 1, issued: [] };
    const st: StoreState = { highest: 0, value: null, log: [] };
    const finished = new Set<string>();
    const actors: Record<string, AsyncActorState> = {
      lease: { state: 'serving', done: false, context: lease },
      store: { state: 'ready', done: false, context: st },
    };
    let violation: string | null = null;
    const net = new AsyncNet(s, plan, () => { violation ??= firstViolation(leasesScenario.invariants, actors); });
    leaseService(net, lease, mutant === 'reuse-token');
    store(net, st, { unfenced: mutant === 'unfenced-store', skipIntegrity: mutant === 'skip-integrity' });
    void writer(net, 'w1', 1, () => finished.add('w1'));
    void writer(net, 'w2', 2, () => finished.add('w2'));
    await s.waitIdle();
    return violation;
  },
};
