// Progress output: the mode follows --quiet / --json / TTY, plain lines are throttled by the
// injected clock and carry done/total, rate, violations and an estimate of what is left.
import { describe, expect, it } from 'vitest';
import { progressLine, progressMode, startProgress } from './progress.js';

describe('progress', () => {
  it('picks nothing with --quiet, JSON lines with --json, a bar on a TTY, plain lines otherwise', () => {
    expect(progressMode({ quiet: true, json: true, tty: true })).toBe('none');
    expect(progressMode({ json: true, tty: true })).toBe('json');
    expect(progressMode({ tty: true })).toBe('bar');
    expect(progressMode({ tty: false })).toBe('lines');
  });

  it('plain lines: throttled by the clock, with rate and estimate', () => {
    let t = 0;
    const lines: string[] = [];
    const p = startProgress({ mode: 'lines', label: 'leases', total: 1000, sink: { line: (l) => lines.push(l) }, intervalMsMin: 2000, now: () => t });
    t = 1000; p.fn({ executions: 100, steps: 10, violations: 0 });
    t = 2000; p.fn({ executions: 200, steps: 20, violations: 0 });
    t = 3000; p.fn({ executions: 300, steps: 30, violations: 1 });
    t = 4000; p.fn({ executions: 400, steps: 40, violations: 1 });
    p.stop();
    expect(lines).toEqual([
      'progress: leases 200/1000 executions, 100/s, 0 violation(s), ~8s left',
      'progress: leases 400/1000 executions, 100/s, 1 violation(s), ~6s left',
    ]);
    expect(progressLine('x', 0, 10, 0, 0)).toBe('progress: x 0/10 executions, 0/s, 0 violation(s), estimating');
  });

  it('JSON lines parse and name the counts; mode none prints nothing', () => {
    let t = 0;
    const lines: string[] = [];
    const p = startProgress({ mode: 'json', label: 'l', total: 10, sink: { line: (l) => lines.push(l) }, intervalMsMin: 0, now: () => t });
    t = 5; p.fn({ executions: 3, steps: 9, violations: 0 });
    expect(JSON.parse(lines[0]!)).toEqual({ progress: { label: 'l', executions: 3, total: 10, steps: 9, violations: 0, elapsedMs: 5 } });
    const none: string[] = [];
    startProgress({ mode: 'none', label: 'l', total: 10, sink: { line: (l) => none.push(l) } }).fn({ executions: 1, steps: 1, violations: 0 });
    expect(none).toEqual([]);
  });
});
