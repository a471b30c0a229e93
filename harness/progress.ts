// Progress of long runs, for people and machines; never part of a canonical artifact.
// Owns: choosing how to show progress (a cli-progress bar on a TTY, plain periodic lines
// otherwise, JSON lines with --json, nothing with --quiet) and turning explorer ProgressFn calls
// into that output. Wall-clock rates and estimates live only here and in timings files.
import cliProgress from 'cli-progress';
import type { ProgressFn } from './explore/types.js';

/** How progress is shown. */
export type ProgressMode = 'bar' | 'lines' | 'json' | 'none';

/** Picks the mode: --quiet wins, then --json, then a bar on a TTY, else plain lines. */
export function progressMode(o: { quiet?: boolean; json?: boolean; tty: boolean }): ProgressMode {
  if (o.quiet) return 'none';
  if (o.json) return 'json';
  return o.tty ? 'bar' : 'lines';
}

/** A live progress display. */
export interface Progress {
  /** Pass to an explorer. */
  readonly fn: ProgressFn;
  /** Ends the display (call once, also after errors). */
  stop(): void;
}

/** Where progress goes: a line sink, and for 'bar' a TTY stream. */
export interface ProgressSink {
  line(text: string): void;
  stream?: NodeJS.WritableStream;
}

/** Options of a progress display; intervalMsMin throttles 'lines' and 'json' output. */
export interface ProgressOptions {
  readonly mode: ProgressMode;
  readonly label: string;
  readonly total: number;
  readonly sink: ProgressSink;
  readonly intervalMsMin?: number;
  /** Clock for rates (injected by tests); defaults to the wall clock. */
  readonly now?: () => number;
}

/** Text of one progress line: done/total, rate, violations and an estimate of what is left. */
export function progressLine(label: string, done: number, total: number, violations: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const leftS = rate > 0 ? Math.ceil((total - done) / rate) : null;
  return `progress: ${label} ${done}/${total} executions, ${rate.toFixed(0)}/s, ${violations} violation(s), ${leftS === null ? 'estimating' : `~${leftS}s left`}`;
}

/** Starts a progress display. */
export function startProgress(o: ProgressOptions): Progress {
  const now = o.now ?? (() => Date.now());
  const t0 = now();
  if (o.mode === 'none') return { fn: () => {}, stop: () => {} };
  if (o.mode === 'bar') {
    const bar = new cliProgress.SingleBar({
      format: `${o.label} [{bar}] {value}/{total} executions | {rate}/s | violations {violations} | eta {eta_formatted}`,
      stream: o.sink.stream ?? process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    }, cliProgress.Presets.shades_classic);
    const stream = o.sink.stream ?? process.stderr;
    bar.start(o.total, 0, { rate: '0', violations: 0 });
    return {
      fn: (p) => {
        const s = (now() - t0) / 1000;
        bar.update(p.executions, { rate: s > 0 ? (p.executions / s).toFixed(0) : '0', violations: p.violations });
      },
      stop: () => {
        bar.stop();
        stream.write('\n');
      },
    };
  }
  const gap = o.intervalMsMin ?? 2000;
  let last = t0;
  return {
    fn: (p) => {
      const t = now();
      if (t - last < gap) return;
      last = t;
      if (o.mode === 'json') {
        o.sink.line(JSON.stringify({ progress: { label: o.label, executions: p.executions, total: o.total, steps: p.steps, violations: p.violations, elapsedMs: t - t0 } }));
      } else {
        o.sink.line(progressLine(o.label, p.executions, o.total, p.violations, t - t0));
      }
    },
    stop: () => {},
  };
}
