// JUnit XML of a gate report, for CI systems that display test results.
// Owns: junitOfGate. One <testsuite name="racelab gate">, one <testcase> per check and per
// replayed seed. A violation is a <failure> (message: invariant and the reproduce command); an
// inconclusive check is an <error> naming the missing evidence, so it never shows as passed.
// No time attributes: the bytes depend only on the report.
import type { GateReport } from './gate-report.js';

/** Escapes XML text and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** JUnit XML text of a gate report. */
export function junitOfGate(r: GateReport): string {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const c of r.checks) {
    const name = xmlEscape(`${c.id} [${c.strategy}${c.mutant ? `, mutant ${c.mutant}` : ''}]`);
    const open = `  <testcase classname="racelab.${xmlEscape(c.scenario)}" name="${name}">`;
    if (c.verdict === 'violated' && c.violation) {
      failures++;
      const v = c.violation;
      cases.push(`${open}\n    <failure type="violated" message="${xmlEscape(`${v.invariant}: ${v.message}`)}">${xmlEscape(`invariant ${v.invariant} violated after step ${v.step}\n${v.message}\ntrace: ${v.trace}\nreproduce: ${v.reproduce}`)}</failure>\n  </testcase>`);
    } else if (c.verdict !== 'held') {
      errors++;
      cases.push(`${open}\n    <error type="inconclusive" message="${xmlEscape(c.missing ?? c.claim.evidence)}">${xmlEscape(c.claim.evidence)}</error>\n  </testcase>`);
    } else {
      cases.push(`${open}\n    <system-out>${xmlEscape(`${c.claim.level}: ${c.claim.evidence}`)}</system-out>\n  </testcase>`);
    }
  }
  for (const s of r.seeds) {
    const open = `  <testcase classname="racelab.seeds" name="${xmlEscape(s.file)}">`;
    if (s.verdict === 'held') cases.push(`${open}</testcase>`);
    else {
      errors++;
      cases.push(`${open}\n    <error type="inconclusive" message="${xmlEscape(s.missing ?? 'replay did not reproduce')}"/>\n  </testcase>`);
    }
  }
  const tests = r.checks.length + r.seeds.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="racelab" tests="${tests}" failures="${failures}" errors="${errors}">\n<testsuite name="racelab gate" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0">\n${cases.join('\n')}\n</testsuite>\n</testsuites>\n`;
}
