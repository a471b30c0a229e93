// Suite `actors`: the raw XState loop (createActor + start + send + stop, with an inert clock so
// no real timer runs) against racelab's host (hostStart + hostDeliver through the pure API, memo
// on and off), on the same machines and the same event sequences: every actor's events from 40
// recorded random walks of the lease protocol, replayed from a fresh start per walk, which is
// what an explorer does. Host rows: no levers, scope reuse only, memo + scope reuse (default). Before timing it checks that both loops end every actor in the same
// state and context, so they do the same work. Writes actors.csv (micro shape plus steps/s).
import { createActor, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { canonicalJson } from '../../sim/canonical.js';
import { configureHostMemo, configureHostScopeReuse, hostDeliver, hostStart, snapshotView, HOST_MEMO_ENTRIES_MAX_DEFAULT, type ActorSpec } from '../../sim/host.js';
import { leaseWalks } from './fixtures.js';
import { runMicro } from './tiny.js';
import type { BenchSuite, BenchTable, Cell } from './types.js';

/** One actor's run: its spec and the events it received, in order. */
interface ActorRun {
  readonly spec: ActorSpec;
  readonly events: readonly EventObject[];
}

const inertClock = { setTimeout: () => 0, clearTimeout: () => {} };

/** The raw loop over all runs; returns each actor's final snapshot. */
function rawLoop(runs: readonly ActorRun[]): AnyMachineSnapshot[] {
  const out: AnyMachineSnapshot[] = [];
  for (const r of runs) {
    const actor = createActor(r.spec.machine, { input: r.spec.input as never, clock: inertClock });
    actor.start();
    for (const e of r.events) actor.send(e);
    out.push(actor.getSnapshot() as AnyMachineSnapshot);
    actor.stop();
  }
  return out;
}

/** The host loop over all runs; returns each actor's final snapshot. */
function hostLoop(runs: readonly ActorRun[]): AnyMachineSnapshot[] {
  const out: AnyMachineSnapshot[] = [];
  for (const r of runs) {
    let s = hostStart(r.spec).snapshot;
    for (const e of r.events) if (s.status === 'active') s = hostDeliver(r.spec, s, e).snapshot;
    out.push(s);
  }
  return out;
}

const views = (snaps: readonly AnyMachineSnapshot[]): string => canonicalJson(snaps.map(snapshotView));

function actorRuns(walkCount: number): ActorRun[] {
  const { setup, walks } = leaseWalks(walkCount);
  const runs: ActorRun[] = [];
  for (const w of walks) {
    for (const spec of setup.spec.actors) runs.push({ spec, events: w.perActor[spec.id] ?? [] });
  }
  return runs;
}

export const actorsSuite: BenchSuite = {
  name: 'actors',
  summary: 'raw XState createActor loop vs racelab host (memo on/off): same machines, same events, steps/s',
  async run(ctx) {
    const runs = actorRuns(ctx.quick ? 5 : 40);
    const events = runs.reduce((n, r) => n + r.events.length, 0);
    const raw = views(rawLoop(runs));
    if (views(hostLoop(runs)) !== raw) {
      throw new Error('[racelab internal bug] bench actors: the raw createActor loop and the host ended in different states');
    }
    const levers = (memo: boolean, reuse: boolean) => ({
      before: () => { configureHostMemo(memo ? HOST_MEMO_ENTRIES_MAX_DEFAULT : 0); configureHostScopeReuse(reuse); },
      after: () => { configureHostMemo(HOST_MEMO_ENTRIES_MAX_DEFAULT); configureHostScopeReuse(true); },
    });
    const rows = await runMicro(ctx, 'actors', [
      { name: 'raw createActor loop', fn: () => rawLoop(runs) },
      { name: 'racelab host, no levers (XState transition per step)', fn: () => hostLoop(runs), ...levers(false, false) },
      { name: 'racelab host, scope reuse only', fn: () => hostLoop(runs), ...levers(false, true) },
      { name: 'racelab host, memo + scope reuse (default)', fn: () => hostLoop(runs), ...levers(true, true) },
    ]);
    const rawOps = Number(rows[0]!.ops_per_s);
    const table: Record<string, Cell>[] = rows.map((r) => ({
      ...r,
      actor_runs: runs.length,
      steps_per_op: events,
      steps_per_s: Math.round(Number(r.ops_per_s) * events),
      vs_raw: Number((Number(r.ops_per_s) / rawOps).toFixed(2)),
    }));
    const out: BenchTable = { file: 'actors.csv', columns: ['suite', 'name', 'ops_per_s', 'mean_ms', 'p50_ms', 'p99_ms', 'samples', 'actor_runs', 'steps_per_op', 'steps_per_s', 'vs_raw'], rows: table };
    return [out];
  },
};
