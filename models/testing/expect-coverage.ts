// Test assertion shared by the model-based tests: a coverage report must reach every state and
// take every transition of the machine definition. Prints the coverage line so the figures
// appear in the test log. Only test files import this (it imports vitest).
import { expect } from 'vitest';
import { coverageLine, type CoverageReport } from './coverage.js';

/** Asserts 100% state and transition coverage of a non-empty machine and logs the figures. */
export function expectFullCoverage(r: CoverageReport): void {
  console.log(coverageLine(r));
  expect(r.states.missed).toEqual([]);
  expect(r.transitions.missed).toEqual([]);
  expect(r.states.total).toBeGreaterThan(0);
  expect(r.transitions.total).toBeGreaterThan(0);
  expect(r.states.covered).toBe(r.states.total);
  expect(r.transitions.covered).toBe(r.transitions.total);
}
