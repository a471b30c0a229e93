// docs/cli.md must be exactly what the commands' --help texts say (regenerate: npm run docs:cli).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliReference } from './reference.js';

describe('docs/cli.md', () => {
  it('matches the --help text of every command', () => {
    expect(readFileSync('docs/cli.md', 'utf8'), "docs/cli.md is stale: run 'npm run docs:cli'").toBe(cliReference());
  });
});
