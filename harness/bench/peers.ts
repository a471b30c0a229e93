// Suite `peers`: fast-check's scheduler (`fc.scheduler`) against racelab's explorers on the same
// protocols, in one run on one machine. Each race is a racelab scenario + mutant and its async
// twin (harness/bench/peers/*): executions to the first violation and wall time to it, median
// over seeds (fast-check: runs of fc.check with endOnFailure, no shrinking; racelab: executions
// of `random`, `pct`, `swarm` and, when registered, `dpor`, each from a cold memo). On the
// correct protocols it records what each can claim after its budget. Writes peers.csv and
// peers-correct.csv. Modelling differences are stated in README ("Peers side by side").
import fc from 'fast-check';
import { configureHostMemo, HOST_MEMO_ENTRIES_MAX_DEFAULT } from '../../sim/host.js';
import { findExplorer } from '../explore/registry.js';
import { runExplore } from '../run.js';
import { EXHAUSTIVE_STRATEGIES } from '../verdict.js';
import { faultPlanArb } from './peers/async-net.js';
import { leasesAsync } from './peers/leases-async.js';
import { meshAsync } from './peers/mesh-async.js';
import type { AsyncRace } from './peers/race.js';
import type { BenchContext, BenchSuite, BenchTable, Cell } from './types.js';

/** One race: a scenario + mutant and its async twin. */
interface Race {
  readonly scenario: string;
  readonly mutant: string;
  readonly twin: AsyncRace;
}

const RACES: readonly Race[] = [
  { scenario: 'leases', mutant: 'unfenced-store', twin: leasesAsync },
  { scenario: 'leases', mutant: 'skip-integrity', twin: leasesAsync },
  { scenario: 'mesh-consensus', mutant: 'dup-votes', twin: meshAsync },
  { scenario: 'mesh-consensus', mutant: 'any-two-votes', twin: meshAsync },
  { scenario: 'mesh-consensus', mutant: 'commit-early', twin: meshAsync },
];

const CORRECT: readonly { scenario: string; twin: AsyncRace }[] = [
  { scenario: 'leases', twin: leasesAsync },
  { scenario: 'mesh-consensus', twin: meshAsync },
];

/**
 * racelab strategies compared, in this order, when registered. `bfs` is left out: it counts
 * states, not executions, so "executions to the first violation" has no meaning for it.
 */
const STRATEGIES = ['random', 'pct', 'swarm', 'dpor'];

/** Budgets: runs/executions per attempt, seeds per race, runs for the correct-protocol claim. */
const BUDGET = { executionsMax: 20_000, seeds: 11, correctRuns: 5_000 };
const BUDGET_QUICK = { executionsMax: 300, seeds: 3, correctRuns: 100 };

/** One attempt: executions until the first violation (null: none within budget), wall ms, invariant. */
interface Attempt {
  readonly executions: number | null;
  readonly ms: number;
  readonly invariant: string | null;
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

async function fastCheckAttempt(race: Race, seed: number, runsMax: number): Promise<Attempt> {
  let invariant: string | null = null;
  const t0 = nowMs();
  const prop = fc.asyncProperty(fc.scheduler(), faultPlanArb(race.twin.sendsMax), async (s, plan) => {
    const v = await race.twin.run(s, plan, race.mutant);
    if (v !== null) invariant ??= v.slice(0, v.indexOf(':'));
    return v === null;
  });
  const r = await fc.check(prop, { seed, numRuns: runsMax, endOnFailure: true });
  return { executions: r.failed ? r.numRuns : null, ms: nowMs() - t0, invariant: r.failed ? invariant : null };
}

function racelabAttempt(race: { scenario: string; mutant: string | null }, strategy: string, seed: number, executionsMax: number): Attempt & { ran: number; verdict: string; claim: string; evidence: string } {
  configureHostMemo(HOST_MEMO_ENTRIES_MAX_DEFAULT);
  const t0 = nowMs();
  const run = runExplore({ scenario: race.scenario, mutant: race.mutant, strategy, seed: String(seed), executionsMax, minimize: false });
  const ms = nowMs() - t0;
  const v = run.outcome.violation;
  // Exhaustive explorers count only executions that ended (complete, blocked or cut); one stopped
  // by a step invariant is not among them, so it is added here to count the violating one too.
  const cutShort = v !== null && EXHAUSTIVE_STRATEGIES.has(strategy) && v.violation?.phase === 'step' ? 1 : 0;
  return {
    executions: v ? run.outcome.executions + cutShort : null, ms, invariant: v?.violation?.invariant ?? null, ran: run.outcome.executions,
    verdict: run.summary.verdict, claim: run.summary.claim.level, evidence: run.summary.claim.evidence,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Row summarising attempts; an attempt that found nothing counts as +Infinity in the median. */
function summarise(race: Race, tool: string, strategy: string, attempts: readonly Attempt[]): Record<string, Cell> {
  const found = attempts.filter((a) => a.executions !== null);
  const execs = attempts.map((a) => a.executions ?? Infinity);
  const med = median(execs);
  const invariants = [...new Set(found.map((a) => a.invariant ?? ''))].sort().join(' ');
  return {
    race: `${race.scenario}/${race.mutant}`, tool, strategy, seeds: attempts.length, found: found.length,
    execs_to_violation_median: Number.isFinite(med) ? med : 'not found',
    execs_min: found.length ? Math.min(...execs) : '', execs_max: found.length === attempts.length ? Math.max(...execs) : 'not found',
    wall_ms_median: Number(median(attempts.map((a) => a.ms)).toFixed(1)), invariants,
  };
}

async function raceRows(ctx: BenchContext, race: Race, b: typeof BUDGET): Promise<Record<string, Cell>[]> {
  const seeds = Array.from({ length: b.seeds }, (_, i) => i + 1);
  const fcAttempts: Attempt[] = [];
  for (const seed of seeds) fcAttempts.push(await fastCheckAttempt(race, seed, b.executionsMax));
  const fcRow = summarise(race, 'fast-check', 'fc.scheduler', fcAttempts);
  const rows = [fcRow];
  for (const strategy of STRATEGIES.filter((s) => findExplorer(s))) {
    const once = EXHAUSTIVE_STRATEGIES.has(strategy);
    const attempts = (once ? [1] : seeds).map((seed) => racelabAttempt(race, strategy, seed, b.executionsMax));
    rows.push(summarise(race, 'racelab', strategy, attempts));
  }
  const fcMed = typeof fcRow.execs_to_violation_median === 'number' ? fcRow.execs_to_violation_median : Infinity;
  for (const r of rows) {
    const m = typeof r.execs_to_violation_median === 'number' ? r.execs_to_violation_median : Infinity;
    r.fastcheck_over_this = Number.isFinite(fcMed) && Number.isFinite(m) && m > 0 ? Number((fcMed / m).toPrecision(2)) : '';
    ctx.log(`  peers ${r.race} ${r.tool}/${r.strategy}: median ${String(r.execs_to_violation_median)} executions, ${String(r.wall_ms_median)} ms`);
  }
  return rows;
}

async function correctRows(ctx: BenchContext, b: typeof BUDGET): Promise<Record<string, Cell>[]> {
  const rows: Record<string, Cell>[] = [];
  for (const c of CORRECT) {
    const race: Race = { scenario: c.scenario, mutant: '', twin: c.twin };
    const t0 = nowMs();
    const prop = fc.asyncProperty(fc.scheduler(), faultPlanArb(c.twin.sendsMax), async (s, plan) => (await c.twin.run(s, plan, null)) === null);
    const r = await fc.check(prop, { seed: 1, numRuns: b.correctRuns, endOnFailure: true });
    rows.push({
      protocol: c.scenario, tool: 'fast-check', strategy: 'fc.scheduler', executions: r.numRuns, verdict: r.failed ? 'violated' : 'held',
      claim: r.failed ? 'absent' : 'sampled', evidence: r.failed ? 'property failed' : `${r.numRuns} runs, no failure (a sample, not a proof)`, wall_ms: Number((nowMs() - t0).toFixed(1)),
    });
    for (const strategy of STRATEGIES.filter((s) => findExplorer(s))) {
      const a = racelabAttempt({ scenario: race.scenario, mutant: null }, strategy, 1, b.correctRuns);
      rows.push({ protocol: c.scenario, tool: 'racelab', strategy, executions: a.ran, verdict: a.verdict, claim: a.claim, evidence: a.evidence, wall_ms: Number(a.ms.toFixed(1)) });
    }
    ctx.log(`  peers correct ${c.scenario}: ${rows.filter((x) => x.protocol === c.scenario).map((x) => `${String(x.strategy)}=${String(x.claim)}`).join(' ')}`);
  }
  return rows;
}

export const peersSuite: BenchSuite = {
  name: 'peers',
  summary: "fast-check's fc.scheduler vs racelab random/pct/swarm/dpor: executions and wall time to the first violation; claims on correct protocols",
  async run(ctx) {
    const b = ctx.quick ? BUDGET_QUICK : BUDGET;
    const rows: Record<string, Cell>[] = [];
    for (const race of RACES) rows.push(...(await raceRows(ctx, race, b)));
    const found: BenchTable = {
      file: 'peers.csv',
      columns: ['race', 'tool', 'strategy', 'seeds', 'found', 'execs_to_violation_median', 'execs_min', 'execs_max', 'wall_ms_median', 'fastcheck_over_this', 'invariants'],
      rows,
    };
    const claims: BenchTable = {
      file: 'peers-correct.csv',
      columns: ['protocol', 'tool', 'strategy', 'executions', 'verdict', 'claim', 'evidence', 'wall_ms'],
      rows: await correctRows(ctx, b),
    };
    return [found, claims];
  },
};
