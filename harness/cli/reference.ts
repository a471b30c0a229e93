// The CLI reference (docs/cli.md), generated from the commands' own --help texts so the
// document cannot drift from the program: `npm run docs:cli` writes it, and
// harness/cli/reference.test.ts fails when the committed file differs.
import { writeFileSync } from 'node:fs';
import { MAIN_HELP } from './main.js';
import { LIST_HELP } from './commands/list.js';
import { EXPLORE_HELP } from './commands/explore.js';
import { REPLAY_HELP } from './commands/replay.js';
import { MINIMIZE_HELP } from './commands/minimize.js';
import { REPORT_HELP } from './commands/report.js';
import { GATE_HELP } from './commands/gate.js';
import { MERGE_HELP } from './commands/merge.js';
import { MATRIX_HELP } from './commands/matrix.js';

const SECTIONS: readonly [string, string][] = [
  ['list', LIST_HELP],
  ['explore', EXPLORE_HELP],
  ['replay', REPLAY_HELP],
  ['minimize', MINIMIZE_HELP],
  ['report', REPORT_HELP],
  ['gate', GATE_HELP],
  ['merge', MERGE_HELP],
  ['matrix', MATRIX_HELP],
];

/** The Markdown text of docs/cli.md. */
export function cliReference(): string {
  const parts = [
    '# racelab command-line reference',
    '',
    '<!-- Generated from the --help texts by `npm run docs:cli`; do not edit by hand. -->',
    '',
    'Run any command through `npx racelab <command>` in a checkout (after `npm ci`), or',
    '`node dist/harness/cli/main.js <command>`.',
    '',
    '```text',
    MAIN_HELP,
    '```',
  ];
  for (const [name, help] of SECTIONS) parts.push('', `## racelab ${name}`, '', '```text', help, '```');
  return `${parts.join('\n')}\n`;
}

const direct = process.argv[1] !== undefined && /[\\/]reference\.(js|ts)$/.test(process.argv[1]);
if (direct) writeFileSync('docs/cli.md', cliReference());
