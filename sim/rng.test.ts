// Properties of seeded streams: reproducible, and derived streams independent of each other.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSeed, Stream } from './rng.js';

const draw = (s: Stream, n: number) => Array.from({ length: n }, () => s.next());

describe('seeded streams', () => {
  it('the same (root, name, index) always gives the same numbers', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.nat(1000), (root, name, i) => {
      expect(draw(Stream.derive(root, name, i), 8)).toEqual(draw(Stream.derive(root, name, i), 8));
    }));
  });

  it('drawing from (or adding) other streams never shifts a stream', () => {
    fc.assert(fc.property(fc.string(), fc.array(fc.string(), { maxLength: 5 }), fc.nat(50), (root, others, k) => {
      const alone = draw(Stream.derive(root, 'schedule', 0), 10);
      const a = Stream.derive(root, 'schedule', 0);
      const out: number[] = [];
      for (let i = 0; i < 10; i++) {
        out.push(a.next());
        for (const o of others) draw(Stream.derive(root, `x${o}`, i), k % 7);
      }
      expect(out).toEqual(alone);
    }));
  });

  it('streams with different names or indices have different seeds and sequences', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), fc.nat(100), (root, n1, n2, i) => {
      fc.pre(n1 !== n2);
      expect(deriveSeed(root, n1, i)).not.toBe(deriveSeed(root, n2, i));
      expect(deriveSeed(root, n1, i)).not.toBe(deriveSeed(root, n1, i + 1));
      expect(draw(Stream.derive(root, n1, i), 4)).not.toEqual(draw(Stream.derive(root, n2, i), 4));
    }));
  });

  it('paired draws from two derived streams are uncorrelated', () => {
    const a = draw(Stream.derive('7', 'schedule', 0), 20000);
    const b = draw(Stream.derive('7', 'faults', 0), 20000);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const ma = mean(a);
    const mb = mean(b);
    let cov = 0;
    let va = 0;
    let vb = 0;
    for (let i = 0; i < a.length; i++) {
      cov += (a[i]! - ma) * (b[i]! - mb);
      va += (a[i]! - ma) ** 2;
      vb += (b[i]! - mb) ** 2;
    }
    const r = cov / Math.sqrt(va * vb);
    // |r| of two independent uniform samples of n = 20000 exceeds 0.03 with probability < 1e-4.
    expect(Math.abs(r)).toBeLessThan(0.03);
    expect(Math.abs(ma - 0.5)).toBeLessThan(0.01);
  });
});
