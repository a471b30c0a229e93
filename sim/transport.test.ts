// Properties of the virtual transport, checked over random walks of the lease world with random
// fault budgets: budgets are never exceeded, FIFO holds per link when reorder is off, every
// delivered message was sent, and a corrupted message fails its integrity check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integrityOk, digestOf, type MessageBody } from './conventions.js';
import { FAULT_KINDS, faultBudget, type FaultBudget } from './faults.js';
import { Stream } from './rng.js';
import { corruptBody } from './transport.js';
import { createWorld, enabled, step, worldInFlight, type StepEvent, type World } from './world.js';
import { leasesScenario } from '../scenarios/leases.js';

const budgetArb = fc.record({
  drop: fc.nat(3), duplicate: fc.nat(3), corrupt: fc.nat(3), reorder: fc.nat(3),
  partition: fc.nat(2), crash: fc.nat(2), restart: fc.nat(2), inject: fc.nat(2),
});

/** A random walk of at most 120 steps; returns every world and step event. */
function walk(budget: FaultBudget, seed: number): { worlds: World[]; events: StepEvent[] } {
  const spec = leasesScenario.build({ mutant: null, faults: budget, params: {} });
  let w = createWorld(spec);
  // Messages sent while actors start up form a pseudo-step so the checks below see their sends.
  const startup = { step: -1, time: 0, choice: 'init -', sent: worldInFlight(w).map((m) => ({ id: m.id, to: m.to, type: m.body.type })) } as StepEvent;
  const rng = Stream.derive(seed, 'test-walk');
  const worlds = [w];
  const events: StepEvent[] = [startup];
  for (let i = 0; i < 120; i++) {
    const list = enabled(w);
    if (list.length === 0) break;
    const r = step(w, rng.pick(list));
    w = r.world;
    worlds.push(w);
    events.push(r.event);
  }
  return { worlds, events };
}

/** Deliveries that were not at the head of their link's queue, modelled from the events. */
function fifoBreaches(events: readonly StepEvent[]): string[] {
  const queues = new Map<string, string[]>(); // link → message ids in enqueue order
  const linkOf = new Map<string, string>();
  const breaches: string[] = [];
  const enqueue = (id: string, link: string) => {
    linkOf.set(id, link);
    queues.set(link, [...(queues.get(link) ?? []), id]);
  };
  const remove = (id: string) => {
    const link = linkOf.get(id)!;
    queues.set(link, queues.get(link)!.filter((x) => x !== id));
  };
  for (const e of events) {
    const sp = e.choice.indexOf(' ');
    const [kind, target] = [e.choice.slice(0, sp), e.choice.slice(sp + 1)];
    if (kind === 'deliver' || kind === 'reorder') {
      const link = linkOf.get(target);
      if (link === undefined) breaches.push(`${target} delivered but never enqueued`);
      else if (queues.get(link)![0] !== target) breaches.push(`${target} delivered before ${queues.get(link)![0]}`);
      if (link !== undefined) remove(target);
    } else if (kind === 'drop') remove(target);
    else if (kind === 'duplicate') enqueue(e.note!.slice('copy '.length), linkOf.get(target)!);
    else if (kind === 'partition') for (const id of queues.get(target) ?? []) remove(id);
    for (const s of e.sent ?? []) if (!s.lost) enqueue(s.id, `${s.id.slice(0, s.id.indexOf('#'))}->${s.to}`);
  }
  return breaches;
}

describe('transport properties', () => {
  it('never exceeds any fault budget, and counts every fault it fires', () => {
    fc.assert(fc.property(budgetArb, fc.integer(), (b, seed) => {
      const budget = faultBudget(b);
      const { worlds, events } = walk(budget, seed);
      for (const w of worlds) for (const k of FAULT_KINDS) expect(w.used[k]).toBeLessThanOrEqual(budget[k]);
      const last = worlds[worlds.length - 1]!;
      for (const k of FAULT_KINDS) expect(events.filter((e) => e.fault === k).length).toBe(last.used[k]);
      expect(events.length - 1).toBe(last.steps);
    }), { numRuns: 60 });
  });

  it('delivers in FIFO order per link when reorder is off', () => {
    fc.assert(fc.property(budgetArb, fc.integer(), (b, seed) => {
      const { events } = walk(faultBudget({ ...b, reorder: 0 }), seed);
      expect(fifoBreaches(events)).toEqual([]);
    }), { numRuns: 60 });
  });

  it('the FIFO check catches out-of-order delivery when reorder is on (the check can fail)', () => {
    const breached = Array.from({ length: 40 }, (_, seed) => fifoBreaches(walk(faultBudget({ reorder: 3, duplicate: 2 }), seed).events).length > 0);
    expect(breached.some(Boolean)).toBe(true);
  });

  it('delivers only messages that were sent (or copies of them)', () => {
    fc.assert(fc.property(budgetArb, fc.integer(), (b, seed) => {
      const { events } = walk(faultBudget(b), seed);
      const sent = new Set<string>();
      for (const e of events) {
        if (e.choice.startsWith('deliver ') || e.choice.startsWith('reorder ')) {
          const id = e.choice.slice(e.choice.indexOf(' ') + 1);
          expect(sent.has(id.replace(/(\+d\d+)+$/, '')), `${id} delivered but never sent`).toBe(true);
          expect(e.from).toBe(id.slice(0, id.indexOf('#')));
        }
        for (const s of e.sent ?? []) sent.add(s.id);
      }
    }), { numRuns: 60 });
  });

  it('a corrupted message fails its integrity check; an intact one passes', () => {
    const json = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null));
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.dictionary(fc.string().filter((k) => k !== 'type' && !k.startsWith('$') && k !== '__proto__'), json), (type, fields) => {
      const body = { ...fields, type } as MessageBody;
      const digest = digestOf(body);
      expect(integrityOk({ ...body, $from: 'a', $digest: digest })).toBe(true);
      const bad = corruptBody(body);
      expect(bad).not.toEqual(body);
      expect(integrityOk({ ...bad, $from: 'a', $digest: digest })).toBe(false);
    }));
  });

  it('a corrupt fault in a world reaches the receiver as a body that fails integrityOk', () => {
    const spec = leasesScenario.build({ mutant: null, faults: faultBudget({ corrupt: 1 }), params: {} });
    const w0 = createWorld(spec);
    const c = enabled(w0).find((x) => x.kind === 'corrupt')!;
    const w1 = step(w0, c).world;
    const m = [...Object.values(w1.transport.links)].flat().find((x) => x.corrupted)!;
    expect(integrityOk({ ...m.body, $from: m.from, $digest: m.digest })).toBe(false);
  });
});
