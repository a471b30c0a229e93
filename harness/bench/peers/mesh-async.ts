// The mesh consensus job written as async code for fast-check's scheduler: a coordinator and
// three generator nodes as message handlers plus timers, mirroring models/mesh-consensus.ts
// (distribute, ack quorum, generate, vote, 2/3 consensus, generation and job timeouts) and its
// vote-counting mutants (dup-votes, count-corrupt, any-two-votes, commit-early). Judged by the
// mesh scenario's own invariants (time-based ones cannot fire here: there is no virtual time).
import { integrityOk } from '../../../sim/conventions.js';
import { leadingOutput, MESH_NODES, MESH_QUORUM, type VoteRecord } from '../../../models/mesh-consensus.js';
import { meshConsensusScenario, MESH_OUTPUTS } from '../../../scenarios/mesh-consensus.js';
import { AsyncNet, type Delivered } from './async-net.js';
import { firstViolation, type AsyncActorState } from './oracle.js';
import type { AsyncRace } from './race.js';

const intact = (ev: Delivered): boolean => integrityOk(ev as never);
const isNode = (id: string): boolean => (MESH_NODES as readonly string[]).includes(id);

interface Coord {
  state: string;
  done: boolean;
  context: { phases: string[]; acked: string[]; votes: VoteRecord[]; result: string | null; reason: string | null };
}

function withVote(c: Coord, ev: Delivered, mutant: string | null): VoteRecord[] {
  const ok = intact(ev);
  const already = c.context.votes.some((v) => v.counted && v.from === ev.$from);
  const counted = isNode(ev.$from) && (ok || mutant === 'count-corrupt') && (!already || mutant === 'dup-votes');
  return [...c.context.votes, { from: ev.$from, output: String(ev.output), intact: ok, counted }];
}

function enter(net: AsyncNet, c: Coord, state: string, mutant: string | null): void {
  c.state = state;
  c.context.phases = [...c.context.phases, state];
  if (state === 'distributed') for (const n of MESH_NODES) net.send('coord', n, { type: 'ASSIGN', job: 'j1' });
  if (state === 'generating') net.timer('coord generation timeout', () => { if (c.state === 'generating') fail(net, c, 'generation-timeout'); });
  if (state === 'voting') net.timer('coord voting timeout', () => { if (c.state === 'voting') fail(net, c, 'no-quorum'); });
  if (state === 'consensus') {
    const first = c.context.votes.find((v) => v.counted)?.output ?? null;
    c.context.result = mutant === 'any-two-votes' ? first : leadingOutput(c.context.votes).output;
    net.send('coord', 'client', { type: 'RESULT', output: c.context.result ?? '' });
    net.timer('coord commit', () => { if (c.state === 'consensus') enter(net, c, 'completed', mutant); });
  }
  if (state === 'completed') {
    c.context.result ??= leadingOutput(c.context.votes).output;
    c.done = true;
  }
}

function fail(net: AsyncNet, c: Coord, reason: string): void {
  c.context.reason = reason;
  c.state = 'failed';
  c.context.phases = [...c.context.phases, 'failed'];
  c.done = true;
  net.send('coord', 'client', { type: 'FAILED', job: 'j1' });
}

function onVote(net: AsyncNet, c: Coord, ev: Delivered, mutant: string | null): void {
  const votes = withVote(c, ev, mutant);
  const quorum = mutant === 'any-two-votes' ? votes.filter((v) => v.counted).length >= 2 : leadingOutput(votes).count >= MESH_QUORUM;
  const was = c.state;
  c.context.votes = votes;
  if (was === 'generating') enter(net, c, 'voting', mutant);
  else if (was === 'voting' && quorum) enter(net, c, mutant === 'commit-early' ? 'completed' : 'consensus', mutant);
}

function coordinator(net: AsyncNet, c: Coord, mutant: string | null): void {
  net.on('coord', (ev) => {
    if (c.done) return;
    if (ev.type === 'ACK' && c.state === 'distributed' && intact(ev) && isNode(ev.$from)) {
      c.context.acked = [...new Set([...c.context.acked, ev.$from])].sort();
      if (c.context.acked.length >= MESH_QUORUM) enter(net, c, 'generating', mutant);
    } else if (ev.type === 'VOTE' && ['distributed', 'generating', 'voting'].includes(c.state)) {
      onVote(net, c, ev, mutant);
    }
  });
  if (mutant !== 'no-job-timeout') net.timer('coord job timeout', () => { if (!c.done) fail(net, c, 'job-timeout'); });
  void net.sleep('coord dispatch').then(() => { if (c.state === 'submitted') enter(net, c, 'distributed', mutant); });
}

function node(net: AsyncNet, id: string): void {
  let idle = true;
  net.on(id, (ev) => {
    if (!idle || ev.type !== 'ASSIGN' || !intact(ev) || ev.$from !== 'coord') return;
    idle = false;
    net.send(id, 'coord', { type: 'ACK' });
    void net.sleep(`${id} works`).then(() => net.send(id, 'coord', { type: 'VOTE', output: MESH_OUTPUTS[id]! }));
  });
}

/** The async mesh consensus job for `mutant` (null: the correct protocol). */
export const meshAsync: AsyncRace = {
  scenario: 'mesh-consensus',
  sendsMax: 12,
  async run(s, plan, mutant) {
    const c: Coord = { state: 'submitted', done: false, context: { phases: ['submitted'], acked: [], votes: [], result: null, reason: null } };
    const actors: Record<string, AsyncActorState> = { coord: c };
    let violation: string | null = null;
    const net = new AsyncNet(s, plan, () => { violation ??= firstViolation(meshConsensusScenario.invariants, actors); });
    coordinator(net, c, mutant);
    for (const n of MESH_NODES) node(net, n);
    await s.waitIdle();
    return violation;
  },
};
