// Canonical world hashing.
// Owns: worldHash, the identity of a world state used by stateful search (bfs visited sets),
// differential tests and replay checks. Per-actor hashes are cached in their slots (computed
// once when a snapshot changes) and combined with the clock, in-flight messages, partitions,
// timers and fault counts. Identical on every machine: RFC 8785 JSON + SHA-256.
import { hashValue } from './canonical.js';
import { inFlight } from './transport.js';
import { threadsHashable } from './threads.js';
import type { World } from './world.js';

/** SHA-256 identity of a world state (excludes the step counter: same state, same hash). */
export function worldHash(w: World): string {
  // Thread/cell state is hashed only when present, so actor-only world hashes are unchanged.
  const mem = w.mem ? { mem: threadsHashable(w.mem) } : {};
  return hashValue({
    ...mem,
    now: w.clock.now,
    actors: w.actorIds.map((id) => {
      const s = w.actors[id]!;
      return [id, s.hash, s.incarnation];
    }),
    msgs: inFlight(w.transport).map((m) => [m.id, m.to, m.digest, m.corrupted ? m.body : null]),
    partitions: Object.keys(w.transport.partitions).sort().map((k) => [k, w.transport.partitions[k]!]),
    timers: w.clock.timers.map((t) => [t.id, t.fireAt, t.seq, t.event]),
    used: w.used,
  });
}
