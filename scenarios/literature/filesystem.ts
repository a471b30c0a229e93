// Literature program filesystem(N) (Flanagan & Godefroid 2005): N threads each allocate a disk
// block for inode tid % 32 under per-inode and per-block locks. Threads first collide at N = 14
// (threads 0 and 13 both start at block 0). Terminal oracle `blocks-distinct`: no two inodes get
// the same block. Mutant `no-block-lock` drops the per-block lock, so two threads may claim one
// block.
import type { ThreadProgram, ThreadOp } from '../../sim/threads.js';
import type { WorldView } from '../../sim/view.js';
import type { Invariant, Scenario } from '../types.js';
import { at, sizeParam, threadWorld, tid } from './common.js';

/** Inode and block counts, from the benchmark. */
export const FS_INODES = 32;
export const FS_BLOCKS = 26;

// Program counters of one thread, in program order.
const LOCK_I = 0, READ_INODE = 1, LOCK_B = 2, READ_BUSY = 3, SET_BUSY = 4, SET_INODE = 5, UNLOCK_B_DONE = 6, UNLOCK_B_NEXT = 7, UNLOCK_I = 8, END = 9;

/** The thread program of the benchmark; `lockBlocks` false builds the mutant. */
function allocator(id: string, t: number, lockBlocks: boolean): ThreadProgram {
  const i = t % FS_INODES;
  // Without block locks the lock/unlock steps are skipped.
  const afterBusyPath = (pc: number): number => (lockBlocks ? pc : pc === UNLOCK_B_DONE ? UNLOCK_I : READ_BUSY);
  const atLockB = lockBlocks ? LOCK_B : READ_BUSY;
  return {
    id,
    init: { pc: LOCK_I, b: 0 },
    next(l): ThreadOp | null {
      const b = l.b!;
      switch (l.pc) {
        case LOCK_I: return { op: 'lock', cell: at('locki', i) };
        case READ_INODE: return { op: 'read', cell: at('inode', i) };
        case LOCK_B: return { op: 'lock', cell: at('lockb', b) };
        case READ_BUSY: return { op: 'read', cell: at('busy', b) };
        case SET_BUSY: return { op: 'write', cell: at('busy', b), value: 1 };
        case SET_INODE: return { op: 'write', cell: at('inode', i), value: b + 1 };
        case UNLOCK_B_DONE: case UNLOCK_B_NEXT: return { op: 'unlock', cell: at('lockb', b) };
        case UNLOCK_I: return { op: 'unlock', cell: at('locki', i) };
        default: return null;
      }
    },
    resume(l, v) {
      const b = l.b!;
      switch (l.pc) {
        case LOCK_I: return { pc: READ_INODE, b };
        case READ_INODE: return v === 0 ? { pc: atLockB, b: (i * 2) % FS_BLOCKS } : { pc: UNLOCK_I, b };
        case LOCK_B: return { pc: READ_BUSY, b };
        case READ_BUSY:
          if (v === 0) return { pc: SET_BUSY, b };
          return lockBlocks ? { pc: UNLOCK_B_NEXT, b } : { pc: READ_BUSY, b: (b + 1) % FS_BLOCKS };
        case SET_BUSY: return { pc: SET_INODE, b };
        case SET_INODE: return { pc: afterBusyPath(UNLOCK_B_DONE), b };
        case UNLOCK_B_DONE: return { pc: UNLOCK_I, b };
        case UNLOCK_B_NEXT: return { pc: LOCK_B, b: (b + 1) % FS_BLOCKS };
        default: return { pc: END, b };
      }
    },
  };
}

/** filesystem(N) threads t0..t(N-1); `lockBlocks` false builds the mutant. */
export function filesystemThreads(n: number, lockBlocks = true): ThreadProgram[] {
  return Array.from({ length: n }, (_, t) => allocator(tid('t', t, n), t, lockBlocks));
}

function sharedBlock(v: WorldView): string | null {
  const owner = new Map<number, number>();
  for (let i = 0; i < FS_INODES; i++) {
    const blk = v.cell(at('inode', i));
    if (blk === 0) continue;
    const o = owner.get(blk);
    if (o !== undefined) return `inodes ${o} and ${i} were both given block ${blk - 1}`;
    owner.set(blk, i);
  }
  return null;
}

const terminal: Invariant[] = [
  { id: 'blocks-distinct', description: 'at the end, no two inodes hold the same block', reads: ['inode'], check: sharedBlock },
];

export const filesystemScenario: Scenario = {
  id: 'filesystem',
  title: 'filesystem(N) (DPOR literature benchmark)',
  goal: 'N threads allocate blocks for inodes under locks; validates DPOR counts with locks (threads collide from N = 14) and that a double allocation is found.',
  version: 1,
  params: [sizeParam('number of threads', 14, 1, 40)],
  mutants: [{ name: 'no-block-lock', description: 'allocate a block without taking its lock', expect: 'blocks-distinct' }],
  invariants: [],
  terminal,
  faults: {},
  depthMax: 10_000,
  // The first size where threads collide, so the mutant's race exists; no faults (threads only).
  stated: { params: { n: 14 }, faults: {}, executionsMax: 10_000, shortestBy: 'dpor' },
  build: ({ params, mutant }) => threadWorld(filesystemThreads(params.n!, mutant !== 'no-block-lock')),
};
