// Mesh consensus job (our reading of the QRG job model): a job submitted at t=0 for a client is
// dispatched by a coordinator to three generator nodes; it waits for a quorum of them to
// start generating, collects their votes (each an output digest) and completes only when at
// least 2 of 3 votes match; otherwise it fails. Owns: the client, coordinator and node machines
// and the coordinator's mutants. Ghost state (the phase history and a log of every vote received,
// with its integrity and whether it was counted) sits in context so oracles can read history.
// Timing is virtual: generation timeout T = MESH_TIMING.genTimeoutMs; the job times out at 3T
// after submission. Phase changes are driven by events and delays only (no eventless transitions)
// so xstate/graph can measure coverage.
import { assign, raise, setup } from 'xstate';
import { integrityOk, netSend } from '../sim/conventions.js';

/** Virtual timing of the job, in ms. The job timeout is 3× the generation timeout. */
export const MESH_TIMING = Object.freeze({
  genTimeoutMs: 100,
  jobTimeoutMs: 300,
  workMs: 30,
  commitMs: 10,
  dispatchMs: 0,
});

/** Node ids of the mesh, in order. */
export const MESH_NODES = Object.freeze(['n1', 'n2', 'n3'] as const);

/** Votes needed to approve: at least 2/3 of the nodes. */
export const MESH_QUORUM = Math.ceil((2 * MESH_NODES.length) / 3);

/** Any delivered event: body fields plus $from / $digest. */
type Ev = { type: string; $from?: string; $digest?: string; output?: unknown; [k: string]: unknown };

const intact = (e: Ev): boolean => integrityOk(e as never);

/** One vote as the coordinator received it (ghost state). */
export interface VoteRecord {
  from: string;
  output: string;
  intact: boolean;
  counted: boolean;
}

export interface CoordinatorCtx {
  phases: string[];
  acked: string[];
  votes: VoteRecord[];
  result: string | null;
  reason: string | null;
}

/** Coordinator mutants (each must be caught by the oracle the scenario names). */
export interface CoordinatorOptions {
  /** `count-corrupt`: votes are counted without checking their digest. */
  readonly countCorrupt?: boolean;
  /** `any-two-votes`: approve once any two votes arrive, whatever their outputs. */
  readonly anyTwoVotes?: boolean;
  /** `dup-votes`: a second vote from the same node is counted again. */
  readonly dupVotes?: boolean;
  /** `late-timeout`: the job timeout is set to 4T instead of 3T. */
  readonly lateTimeout?: boolean;
  /** `no-job-timeout`: the job timeout is never scheduled. */
  readonly noJobTimeout?: boolean;
  /** `commit-early`: a quorum in voting completes the job directly, skipping consensus. */
  readonly commitEarly?: boolean;
}

// Standalone actions are typed loosely (`as never`) so they fit any machine's action slots.
const phase = (name: string) => assign({ phases: ({ context }: { context: CoordinatorCtx }) => [...context.phases, name] }) as never;

/** The output with the most counted votes and its count (ties: smallest output text). */
export function leadingOutput(votes: readonly VoteRecord[]): { output: string | null; count: number } {
  const tally = new Map<string, number>();
  for (const v of votes) if (v.counted) tally.set(v.output, (tally.get(v.output) ?? 0) + 1);
  let output: string | null = null;
  let count = 0;
  for (const [o, n] of [...tally.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (n > count) [output, count] = [o, n];
  return { output, count };
}

/** How the coordinator records and tallies votes (the mutants bend these rules). */
function voteRules(opts: CoordinatorOptions) {
  /** The vote log after receiving `event` (guards and actions both use it). */
  const withVote = (context: CoordinatorCtx, event: Ev): VoteRecord[] => {
    const from = String(event.$from);
    const ok = intact(event);
    const known = (MESH_NODES as readonly string[]).includes(from);
    const already = context.votes.some((v) => v.counted && v.from === from);
    const counted = known && (ok || opts.countCorrupt === true) && (!already || opts.dupVotes === true);
    return [...context.votes, { from, output: String(event.output), intact: ok, counted }];
  };
  const record = assign(({ context, event }: { context: CoordinatorCtx; event: Ev }) => ({ votes: withVote(context, event) })) as never;
  const quorum = ({ context, event }: { context: CoordinatorCtx; event: Ev }): boolean => {
    const votes = withVote(context, event);
    return opts.anyTwoVotes ? votes.filter((v) => v.counted).length >= 2 : leadingOutput(votes).count >= MESH_QUORUM;
  };
  return { record, quorum };
}

/** Coordinator of one job. */
export function coordinatorMachine(opts: CoordinatorOptions = {}) {
  const mutant = Object.entries(opts).filter(([, v]) => v).map(([k]) => k).join('.');
  const jobTimeoutMs = opts.lateTimeout ? 4 * MESH_TIMING.genTimeoutMs : MESH_TIMING.jobTimeoutMs;
  const { record, quorum } = voteRules(opts);
  const distributeAll = MESH_NODES.map((n) => netSend(n, () => ({ type: 'ASSIGN', job: 'j1' })));
  return setup({
    types: { context: {} as CoordinatorCtx, events: {} as Ev },
    guards: {
      ackQuorum: ({ context, event }) => {
        const from = String(event.$from);
        if (!intact(event) || !(MESH_NODES as readonly string[]).includes(from)) return false;
        return new Set([...context.acked, from]).size >= MESH_QUORUM;
      },
      knownAck: ({ event }) => intact(event) && (MESH_NODES as readonly string[]).includes(String(event.$from)),
      quorum,
    },
    delays: { genTimeoutMs: MESH_TIMING.genTimeoutMs, commitMs: MESH_TIMING.commitMs, dispatchMs: MESH_TIMING.dispatchMs },
  }).createMachine({
    id: mutant ? `mesh-coordinator.${mutant}` : 'mesh-coordinator',
    context: { phases: ['submitted'], acked: [], votes: [], result: null, reason: null },
    initial: 'submitted',
    on: {
      JOB_TIMEOUT: { target: '.failed', actions: assign({ reason: 'job-timeout' }) },
    },
    states: {
      submitted: {
        entry: opts.noJobTimeout ? [] : [raise({ type: 'JOB_TIMEOUT' }, { delay: jobTimeoutMs, id: 'jobTimeout' }) as never],
        after: { dispatchMs: 'distributed' },
      },
      distributed: {
        entry: [phase('distributed'), ...distributeAll],
        on: {
          ACK: [
            { guard: 'ackQuorum', target: 'generating', actions: assign({ acked: ({ context, event }) => [...new Set([...context.acked, String(event.$from)])].sort() }) },
            { guard: 'knownAck', actions: assign({ acked: ({ context, event }) => [...new Set([...context.acked, String(event.$from)])].sort() }) },
          ],
          VOTE: { actions: record },
        },
      },
      generating: {
        entry: phase('generating'),
        on: { VOTE: { target: 'voting', actions: record } },
        after: { genTimeoutMs: { target: 'failed', actions: assign({ reason: 'generation-timeout' }) } },
      },
      voting: {
        entry: phase('voting'),
        on: {
          VOTE: [
            { guard: 'quorum', target: opts.commitEarly ? 'completed' : 'consensus', actions: record },
            { actions: record },
          ],
        },
        after: { genTimeoutMs: { target: 'failed', actions: assign({ reason: 'no-quorum' }) } },
      },
      consensus: {
        entry: [
          phase('consensus'),
          assign({ result: ({ context }) => (opts.anyTwoVotes ? context.votes.find((v) => v.counted)?.output ?? null : leadingOutput(context.votes).output) }),
          netSend('client', ({ context }: { context: CoordinatorCtx }) => ({ type: 'RESULT', output: context.result ?? '' })),
        ],
        after: { commitMs: 'completed' },
      },
      completed: {
        type: 'final',
        entry: [
          phase('completed'),
          assign({ result: ({ context }) => context.result ?? leadingOutput(context.votes).output }),
        ],
      },
      failed: { type: 'final', entry: [phase('failed'), netSend('client', () => ({ type: 'FAILED', job: 'j1' }))] },
    },
  });
}

interface NodeCtx {
  output: string;
}

/** Options of a generator node; the defaults are the job model as specified. */
export interface MeshNodeOptions {
  /**
   * Generate for workMs between acknowledging and voting (default true). false: acknowledge and
   * vote in the same step, with no work timer, which shrinks the schedule space by two orders
   * of magnitude (the scenario's `work=0`, used for its exhaustive dpor bounds).
   */
  readonly work?: boolean;
  /** Times the node sends its vote, as an at-least-once sender would (default 1). */
  readonly voteCopies?: number;
}

/** A generator node: acknowledges an assignment, generates for workMs, then votes its output (see MeshNodeOptions). */
export function meshNodeMachine(opts: MeshNodeOptions = {}) {
  const work = opts.work ?? true;
  const copies = opts.voteCopies ?? 1;
  const ack = netSend('coord', () => ({ type: 'ACK' }));
  const vote = netSend('coord', ({ context }: { context: NodeCtx }) => ({ type: 'VOTE', output: context.output }));
  const variant = [work ? '' : 'no-work', copies === 1 ? '' : `votes-${copies}`].filter(Boolean).join('.');
  return setup({
    types: { context: {} as NodeCtx, events: {} as Ev, input: {} as { output: string } },
    guards: { assigned: ({ event }) => intact(event) && event.$from === 'coord' },
    delays: { workMs: MESH_TIMING.workMs },
  }).createMachine({
    id: variant ? `mesh-node.${variant}` : 'mesh-node',
    context: ({ input }) => ({ output: input.output }),
    initial: 'idle',
    states: work
      ? {
        idle: { on: { ASSIGN: { guard: 'assigned', target: 'working' } } },
        working: { entry: ack, after: { workMs: 'voted' } },
        voted: { type: 'final', entry: copies === 1 ? vote : Array.from({ length: copies }, () => vote) },
      }
      : {
        idle: { on: { ASSIGN: { guard: 'assigned', target: 'voted', actions: ack } } },
        voted: { type: 'final', entry: Array.from({ length: copies }, () => vote) },
      },
  });
}

interface ClientCtx {
  result: string | null;
}

/** The client that submitted the job (at t=0): waits for its result or its failure. */
export function meshClientMachine() {
  return setup({
    types: { context: {} as ClientCtx, events: {} as Ev },
    guards: { fromCoord: ({ event }) => intact(event) && event.$from === 'coord' },
  }).createMachine({
    id: 'mesh-client',
    context: { result: null },
    initial: 'waiting',
    states: {
      waiting: {
        on: {
          RESULT: { guard: 'fromCoord', target: 'received', actions: assign({ result: ({ event }) => String(event.output) }) },
          FAILED: { guard: 'fromCoord', target: 'jobFailed' },
        },
      },
      received: { type: 'final' },
      jobFailed: { type: 'final' },
    },
  });
}
