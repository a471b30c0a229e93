// Markdown summaries of runs and gate reports, for CI job summaries and pull-request comments.
// Owns: markdownOfGate and markdownOfSummary. Plain GitHub-flavoured Markdown: one table of
// checks, the missing evidence, and every violation with the one command that reproduces it.
// Copies verdicts and claims; decides nothing. No wall-clock text.
import type { GateReport } from './gate-report.js';
import type { RunSummary } from './summary.js';
import type { TraceV1 } from './trace.js';

/** Escapes a table cell (pipes and line breaks). */
function cell(s: string | number | boolean | null | undefined): string {
  return String(s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const VERDICT_WORD: Readonly<Record<string, string>> = { held: 'held', violated: '**violated**', inconclusive: '**inconclusive**' };

/** Markdown of a gate report. */
export function markdownOfGate(r: GateReport): string {
  const out: string[] = [`# racelab gate: ${r.verdict} (exit ${r.exitCode})`, ''];
  out.push('| check | scenario | mutant | strategy | verdict | claim | executions | evidence |', '|---|---|---|---|---|---|---|---|');
  for (const c of r.checks) {
    out.push(`| ${cell(c.id)} | ${cell(c.scenario)} | ${cell(c.mutant ?? '—')} | ${cell(c.strategy)} | ${VERDICT_WORD[c.verdict] ?? cell(c.verdict)} | ${cell(c.claim.level)} | ${cell(c.explored?.executions ?? '—')} | ${cell(c.claim.evidence)} |`);
  }
  if (r.seeds.length > 0) {
    out.push('', `Seed replays: ${r.seeds.filter((s) => s.verdict === 'held').length} of ${r.seeds.length} reproduced exactly.`);
  }
  const violations = r.checks.filter((c) => c.violation);
  if (violations.length > 0) {
    out.push('', '## Violations', '');
    for (const c of violations) {
      const v = c.violation!;
      out.push(`- **${cell(c.id)}**: \`${cell(v.invariant)}\` after step ${v.step} (${v.choices} choices): ${cell(v.message)}`);
      out.push(`  - trace: \`${v.trace}\` · viewer: \`${v.html}\``, `  - reproduce: \`${v.reproduce}\``);
    }
  }
  if (r.missing.length > 0) {
    out.push('', '## Missing evidence', '');
    for (const m of r.missing) out.push(`- ${cell(m)}`);
  }
  return `${out.join('\n')}\n`;
}

/** Markdown of one run summary. */
export function markdownOfSummary(s: RunSummary): string {
  const mut = s.scenario.mutant ? ` (mutant ${s.scenario.mutant})` : '';
  const out = [
    `# racelab explore ${s.scenario.id}${mut}: ${s.verdict}`,
    '',
    `- strategy \`${s.strategy}\`, seed \`${s.seed}\``,
    `- bounds: ${s.bounds.executionsMax} executions, depth ${s.bounds.depthMax}`,
    `- explored: ${s.explored.executions} executions, ${s.explored.steps} steps, complete: ${s.explored.complete}, cut by depth: ${s.explored.depthCut}`,
    `- claim: ${s.claim.level} — ${cell(s.claim.evidence)}`,
  ];
  if (s.violation) out.push(`- violation: \`${s.violation.invariant}\` at step ${s.violation.step} of execution ${s.violation.execution}: ${cell(s.violation.message)}`);
  return `${out.join('\n')}\n`;
}

/** Markdown of a counterexample trace: header, violation, and one table row per step. */
export function markdownOfTrace(t: TraceV1): string {
  const mut = t.scenario.mutant ? ` (mutant ${t.scenario.mutant})` : '';
  const out = [`# Counterexample: ${t.scenario.id}${mut}`, '', `- strategy \`${t.explorer.strategy}\`, seed \`${t.seed}\`, execution ${t.execution}, ${t.choices.length} steps, sha256 \`${t.sha256.slice(0, 16)}…\``];
  if (t.minimized) out.push(`- minimized from ${t.minimized.originalChoices} choices${t.minimized.shortest ? ' (proven shortest within the search)' : ''}`);
  if (t.violation) out.push(`- **violated \`${t.violation.invariant}\`** after step ${t.violation.step - 1}: ${cell(t.violation.message)}`);
  out.push('', '| step | t (ms) | choice | actor | state | sent | fault |', '|---|---|---|---|---|---|---|');
  for (const e of t.events) {
    const state = e.before !== undefined ? `${e.before} → ${e.after}` : '';
    const sent = (e.sent ?? []).map((s) => `${s.type}→${s.to}`).join(', ');
    out.push(`| ${e.step} | ${e.time} | \`${cell(e.choice)}\` | ${cell(e.actor)} | ${cell(state)} | ${cell(sent)} | ${cell(e.fault)} |`);
  }
  return `${out.join('\n')}\n`;
}
