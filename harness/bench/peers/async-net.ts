// A small async message network for the peer comparison: protocols written as ordinary async
// code (handlers and `await receive(...)`) whose every message delivery, timer and sleep is a
// promise released by fast-check's scheduler (`fc.scheduler`), so fast-check decides the
// interleaving. Faults come from a generated FaultPlan (the k-th message sent is dropped,
// duplicated or corrupted), the idiomatic fast-check way to inject them. Corruption and digests
// reuse the kernel's own rules (sim/transport corruptBody, sim/conventions digestOf), so an
// integrity check means the same thing on both sides. There is no virtual time: a timer may fire
// at any point after it is set, which allows every timing racelab allows and more.
import fc from 'fast-check';
import { digestOf, type MessageBody } from '../../../sim/conventions.js';
import { corruptBody } from '../../../sim/transport.js';

/** Which message (by send order, from 0) suffers which fault; null for none. */
export interface FaultPlan {
  readonly drop: number | null;
  readonly duplicate: number | null;
  readonly corrupt: number | null;
}

/** Arbitrary fault plans over the first `sendsMax` messages. */
export function faultPlanArb(sendsMax: number): fc.Arbitrary<FaultPlan> {
  const slot = fc.option(fc.nat({ max: sendsMax - 1 }), { nil: null });
  return fc.record({ drop: slot, duplicate: slot, corrupt: slot });
}

/** A delivered message: body plus sender and the digest it was sent with. */
export type Delivered = MessageBody & { $from: string; $digest: string };

/** A cancellable timer. */
export interface TimerHandle {
  cancel(): void;
}

/** The network one async run uses. `afterEach` runs after every delivery or timer (the oracle hook). */
export class AsyncNet {
  private sends = 0;
  private readonly handlers = new Map<string, (ev: Delivered) => void>();
  private readonly waiters = new Map<string, { types: readonly string[]; resolve: (ev: Delivered | null) => void }>();

  constructor(
    private readonly s: fc.Scheduler,
    private readonly plan: FaultPlan,
    private readonly afterEach: () => void,
  ) {}

  /** Registers the synchronous message handler of `actor`. */
  on(actor: string, handler: (ev: Delivered) => void): void {
    this.handlers.set(actor, handler);
  }

  /** Sends `body` from `from` to `to`, applying the fault plan. */
  send(from: string, to: string, body: MessageBody): void {
    const k = this.sends++;
    if (this.plan.drop === k) return;
    const digest = digestOf(body);
    const arrived = this.plan.corrupt === k ? corruptBody(body) : body;
    const copies = this.plan.duplicate === k ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      void this.s.schedule(Promise.resolve(), `${from}->${to} ${body.type}`).then(() => this.deliver(to, { ...arrived, $from: from, $digest: digest }));
    }
  }

  private deliver(to: string, ev: Delivered): void {
    const w = this.waiters.get(to);
    if (w && w.types.includes(ev.type)) {
      this.waiters.delete(to);
      w.resolve(ev);
    } else {
      this.handlers.get(to)?.(ev);
    }
    this.afterEach();
  }

  /** Runs `fn` when the scheduler lets the timer fire, unless cancelled first. */
  timer(label: string, fn: () => void): TimerHandle {
    let live = true;
    void this.s.schedule(Promise.resolve(), label).then(() => {
      if (!live) return;
      live = false;
      fn();
      this.afterEach();
    });
    return { cancel: () => { live = false; } };
  }

  /** Resolves when the scheduler releases it (a unit of work or a pause). */
  sleep(label: string): Promise<void> {
    return this.s.schedule(Promise.resolve(), label);
  }

  /**
   * Waits for the next message to `actor` of one of `types` (others go to its handler, if any),
   * or null when the timeout labelled `timeoutLabel` fires first.
   */
  receive(actor: string, types: readonly string[], timeoutLabel: string): Promise<Delivered | null> {
    return new Promise((resolve) => {
      const t = this.timer(timeoutLabel, () => {
        if (this.waiters.get(actor)?.resolve === done) this.waiters.delete(actor);
        resolve(null);
      });
      const done = (ev: Delivered | null): void => {
        t.cancel();
        resolve(ev);
      };
      this.waiters.set(actor, { types, resolve: done });
    });
  }
}
