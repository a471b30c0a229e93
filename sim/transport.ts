// Virtual transport: the one seam every message passes through.
// Owns: in-flight messages per directed link (FIFO order), message ids, link partitions and the
// effect of each message fault (drop, duplicate, corrupt, reorder). It decides nothing: which
// message is delivered or faulted is a Choice made by an explorer and applied by the World.
// Message ids are `${from}#${n}` (n = the sender's own send count), so they depend only on the
// sender's history, never on the interleaving of other actors.
import { assert } from './assert.js';
import { digestOf, type MessageBody } from './conventions.js';

/** A message in flight. `digest` was computed at send time; a corrupt fault changes `body` only. */
export interface Message {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly body: MessageBody;
  readonly digest: string;
  readonly corrupted: boolean;
}

/** Link key: `${from}->${to}`. */
export function linkKey(from: string, to: string): string {
  return `${from}->${to}`;
}

/** Transport state: per-link FIFO queues, partitions (link → heal time), per-sender counters. */
export interface TransportState {
  readonly links: Readonly<Record<string, readonly Message[]>>;
  readonly partitions: Readonly<Record<string, number>>;
  readonly sendCount: Readonly<Record<string, number>>;
  readonly dupCount: Readonly<Record<string, number>>;
}

export function transportInit(): TransportState {
  return { links: {}, partitions: {}, sendCount: {}, dupCount: {} };
}

function withLink(t: TransportState, link: string, queue: readonly Message[]): TransportState {
  const links = { ...t.links };
  if (queue.length === 0) delete links[link];
  else links[link] = queue;
  return { ...t, links };
}

/** True when `link` is cut at time `now`. */
export function isPartitioned(t: TransportState, link: string, now: number): boolean {
  const until = t.partitions[link];
  return until !== undefined && now < until;
}

/** Sends a message; returns the new state and the message, or `lost` when its link is cut. */
export function transportSend(
  t: TransportState,
  from: string,
  to: string,
  body: MessageBody,
  now: number,
): { transport: TransportState; message: Message; lost: boolean } {
  const n = t.sendCount[from] ?? 0;
  const message: Message = { id: `${from}#${n}`, from, to, body, digest: digestOf(body), corrupted: false };
  const counted = { ...t, sendCount: { ...t.sendCount, [from]: n + 1 } };
  const link = linkKey(from, to);
  if (isPartitioned(t, link, now)) return { transport: counted, message, lost: true };
  return { transport: withLink(counted, link, [...(t.links[link] ?? []), message]), message, lost: false };
}

/** All in-flight messages, links in sorted order, each link in FIFO order. */
export function inFlight(t: TransportState): Message[] {
  const out: Message[] = [];
  for (const link of Object.keys(t.links).sort()) out.push(...(t.links[link] ?? []));
  return out;
}

/** Finds an in-flight message by id with its link and position. */
export function findMessage(t: TransportState, id: string): { link: string; index: number; message: Message } | undefined {
  for (const link of Object.keys(t.links)) {
    const q = t.links[link]!;
    for (let i = 0; i < q.length; i++) if (q[i]!.id === id) return { link, index: i, message: q[i]! };
  }
  return undefined;
}

/** Removes message `id` from its link (delivery, reorder-delivery or drop). */
export function transportTake(t: TransportState, id: string): { transport: TransportState; message: Message } {
  const found = findMessage(t, id);
  assert(found, `message ${id} is not in flight`);
  const q = t.links[found.link]!;
  return { transport: withLink(t, found.link, [...q.slice(0, found.index), ...q.slice(found.index + 1)]), message: found.message };
}

/** Duplicates message `id`: the copy (`${id}+d${k}`) joins the end of the same link. */
export function transportDuplicate(t: TransportState, id: string): { transport: TransportState; copy: Message } {
  const found = findMessage(t, id);
  assert(found, `message ${id} is not in flight`);
  const k = (t.dupCount[id] ?? 0) + 1;
  const copy: Message = { ...found.message, id: `${id}+d${k}` };
  const next = { ...t, dupCount: { ...t.dupCount, [id]: k } };
  return { transport: withLink(next, found.link, [...t.links[found.link]!, copy]), copy };
}

/**
 * Deterministic corruption of a body: the first numeric field (sorted keys, `type` excluded) is
 * incremented; failing that the first string field gets a `~` appended; failing that a
 * `corrupt: true` field is added. The digest is left as sent, so integrityOk fails.
 */
export function corruptBody(body: MessageBody): MessageBody {
  const keys = Object.keys(body).filter((k) => k !== 'type').sort();
  for (const k of keys) if (typeof body[k] === 'number') return { ...body, [k]: (body[k] as number) + 1 };
  for (const k of keys) if (typeof body[k] === 'string') return { ...body, [k]: `${body[k] as string}~` };
  return { ...body, corrupt: true };
}

/** Corrupts message `id` in place (same id, same position). */
export function transportCorrupt(t: TransportState, id: string): TransportState {
  const found = findMessage(t, id);
  assert(found, `message ${id} is not in flight`);
  const q = [...t.links[found.link]!];
  q[found.index] = { ...found.message, body: corruptBody(found.message.body), corrupted: true };
  return withLink(t, found.link, q);
}

/** Cuts `link` until `until`; messages in flight on it are lost. Returns the lost messages. */
export function transportPartition(t: TransportState, link: string, until: number): { transport: TransportState; lost: readonly Message[] } {
  const lost = t.links[link] ?? [];
  const cut = withLink(t, link, []);
  return { transport: { ...cut, partitions: { ...cut.partitions, [link]: until } }, lost };
}

/** Heals `link`. */
export function transportHeal(t: TransportState, link: string): TransportState {
  const partitions = { ...t.partitions };
  delete partitions[link];
  return { ...t, partitions };
}
