// The event/message conventions between models and the kernel — the only part of the kernel a
// model knows. Owns: netSend (a model sends a message by emitting SEND_EVENT), the shape of a
// delivered event ($from, $digest), and integrityOk, which a careful receiver calls to detect a
// corrupted message. Delayed events are plain XState `after` / `raise(..., { delay, id })`; the
// host turns them into virtual timers.
import { emit } from 'xstate';
import { hashValue, type Json } from './canonical.js';

/** The emitted event type the host reads as "send a message over the transport". */
export const SEND_EVENT = 'racelab.send';

/** A message body: a typed plain-JSON object. */
export type MessageBody = { type: string } & { [key: string]: Json };

/** The emitted event that asks the host to send `msg` to actor `to`. */
export interface SendRequest {
  type: typeof SEND_EVENT;
  to: string;
  msg: MessageBody;
}

/** What a receiving machine gets: the body plus the sender and the digest that travelled with it. */
export type Delivered<B extends MessageBody = MessageBody> = B & { $from: string; $digest: string };

/** Integrity digest of a message body (first 16 hex digits of SHA-256 of its canonical JSON). */
export function digestOf(body: MessageBody): string {
  return hashValue(body).slice(0, 16);
}

/** True when a delivered event's body still matches the digest it was sent with. */
export function integrityOk(event: { $digest?: unknown } & Record<string, unknown>): boolean {
  if (typeof event.$digest !== 'string') return false;
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(event)) if (!key.startsWith('$')) body[key] = event[key];
  return digestOf(body as MessageBody) === event.$digest;
}

/** XState action: send a message to actor `to` over the virtual transport. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function netSend<TArgs = any>(
  to: string | ((args: TArgs) => string),
  msg: (args: TArgs) => MessageBody,
) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return emit((args: any) => ({
    type: SEND_EVENT,
    to: typeof to === 'function' ? to(args as TArgs) : to,
    msg: msg(args as TArgs),
  })) as never;
}
