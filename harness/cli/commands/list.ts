// `racelab list`: every built-in scenario with its goal, parameters, mutants, invariants,
// terminal oracles and default fault budget, plus the strategies.
import { SCENARIOS } from '../../../scenarios/registry.js';
import { EXPLORERS } from '../../explore/registry.js';
import type { Io } from '../io.js';
import { statedFlags } from '../../stated.js';

export const LIST_HELP = `Usage: racelab list [--json]

Lists the built-in scenarios (with their mutants, invariants and default fault budgets) and the
exploration strategies.

Options:
  --json      machine-readable output
  -h, --help  show this help`;

/** Options of `racelab list`. */
export interface ListOptions {
  readonly json: boolean;
}

export function listCommand(opts: ListOptions, io: Io): number {
  if (opts.json) {
    io.out(JSON.stringify({
      scenarios: SCENARIOS.map((s) => ({
        id: s.id, title: s.title, goal: s.goal, params: s.params, faults: s.faults, depthMax: s.depthMax, stated: s.stated ?? null,
        mutants: s.mutants, invariants: s.invariants.map((i) => ({ id: i.id, description: i.description })),
        terminal: s.terminal.map((i) => ({ id: i.id, description: i.description })),
      })),
      strategies: EXPLORERS.map((e) => ({ name: e.name, summary: e.summary })),
    }, null, 2));
    return 0;
  }
  for (const s of SCENARIOS) {
    io.out(`${s.id} — ${s.title}`);
    io.out(`  goal: ${s.goal}`);
    for (const p of s.params) io.out(`  param --${p.name} (${p.min}..${p.max}, default ${p.default}): ${p.description}`);
    const faults = Object.entries(s.faults).filter(([, v]) => v > 0).map(([k, v]) => `${k}=${v}`).join(',') || 'none';
    io.out(`  default faults: ${faults} · depth ${s.depthMax}`);
    const stated = statedFlags(s.id);
    if (stated) io.out(`  stated bounds (dpor verifies the correct model within them): ${stated} — run with --stated`);
    io.out(`  invariants:`);
    for (const i of s.invariants) io.out(`    ${i.id}: ${i.description}`);
    if (s.terminal.length) io.out(`  terminal oracles:`);
    for (const i of s.terminal) io.out(`    ${i.id}: ${i.description}`);
    io.out(`  mutants:`);
    for (const m of s.mutants) {
      io.out(`    ${m.name}: ${m.description} (must violate ${m.expect})`);
      const own = s.stated?.mutants?.[m.name];
      if (own) io.out(`      outside the stated bounds (${own.why}); shown within: ${statedFlags(s.id, m.name)}`);
    }
    io.out('');
  }
  io.out('strategies:');
  for (const e of EXPLORERS) io.out(`  ${e.name}: ${e.summary}`);
  return 0;
}
