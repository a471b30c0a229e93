#!/usr/bin/env node
// The racelab command line: a thin shell over the library.
// Owns: dispatching subcommands, mapping error classes to exit codes, and being the only place
// that calls process.exit. A user error prints one line (`racelab: <reason>`) and no stack
// trace; an internal bug prints its message and asks for a report (RACELAB_DEBUG=1 shows the
// stack).
import { RacelabError, UsageError } from '../../sim/errors.js';
import { parse, intFlag, numFlag, pairsFlag } from './args.js';
import { processIo, type Io } from './io.js';
import { LIST_HELP, listCommand } from './commands/list.js';
import { EXPLORE_HELP } from './commands/explore.js';
import { REPLAY_HELP, replayCommand } from './commands/replay.js';
import { exploreEntry } from './commands/explore-parallel.js';
import { MERGE_HELP, mergeCommand } from './commands/merge.js';
import { GATE_HELP, gateCommand } from './commands/gate.js';
import { MINIMIZE_HELP, minimizeCommand } from './commands/minimize.js';
import { REPORT_HELP, reportCommand } from './commands/report.js';
import { whatIfCommand } from './commands/whatif.js';
import { MATRIX_HELP, matrixCommand } from './commands/matrix.js';
import { withStatedBounds } from '../stated.js';
import type { ExploreRequest } from '../run.js';

export const MAIN_HELP = `racelab — deterministic simulation and exploration of protocol races

Usage: racelab <command> [options]

Commands:
  list                      list scenarios, mutants, invariants and strategies
  explore <scenario>        explore schedules and faults; write a counterexample on violation
  replay <trace.json>       replay a counterexample exactly and check it reproduces;
                            what-if edits and --continue (see 'racelab replay --help')
  minimize <trace.json>     shrink a counterexample, keeping the same invariant violated
  report <file>             render a trace, summary or gate report (html, md, csv, junit)
  gate [--config FILE]      run the CI gate (default config .ci/racelab.gate.json)
  merge <shard.json...>     join the shard reports of 'explore --shard i/N' into one run
  matrix [--out DIR]        mutant kill matrix: every scenario × mutant × explorer, as CSV

Run 'racelab <command> --help' for a command's options.
Exit codes: 0 held, 1 violation found, 2 bad usage or input, 3 inconclusive or mismatch.`;

/**
 * Defaults that differ between the racelab binary and library calls of runCli: the binary runs
 * explore on a pool of all cores (async); runCli from code stays sequential and synchronous
 * unless --workers or --shard is given.
 */
export interface CliDefaults {
  readonly parallel: boolean;
}

type Command = (argv: readonly string[], io: Io, defaults: CliDefaults) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  gate(argv, io) {
    const { values } = parse('gate', argv, {
      config: { type: 'string' }, out: { type: 'string' }, executions: { type: 'string' }, 'duration-ms': { type: 'string' },
      mutant: { type: 'string', multiple: true }, only: { type: 'string', multiple: true }, json: { type: 'boolean' }, quiet: { type: 'boolean' },
    });
    if (values.help) return io.out(GATE_HELP), 0;
    const mutants: Record<string, string> = {};
    for (const m of (values.mutant as string[] | undefined) ?? []) {
      const eq = m.indexOf('=');
      if (eq <= 0) throw new UsageError(`--mutant takes CHECK=MUTANT, e.g. leases/random=unfenced-store; got '${m}'`);
      mutants[m.slice(0, eq)] = m.slice(eq + 1);
    }
    return gateCommand({
      config: values.config as string | undefined, out: values.out as string | undefined,
      executionsMax: intFlag('executions', values.executions), durationMsMax: intFlag('duration-ms', values['duration-ms']),
      mutants, only: values.only as string[] | undefined, json: values.json === true, quiet: values.quiet === true,
      tty: io === processIo && process.stderr.isTTY === true,
    }, io);
  },
  minimize(argv, io) {
    const { values, positionals } = parse('minimize', argv, {
      out: { type: 'string' }, candidates: { type: 'string' }, 'search-states': { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' },
    });
    if (values.help) return io.out(MINIMIZE_HELP), 0;
    if (positionals.length !== 1) throw new UsageError(`minimize needs exactly one trace file (got ${positionals.length})`);
    return minimizeCommand({
      file: positionals[0]!, out: values.out as string | undefined, candidatesMax: intFlag('candidates', values.candidates),
      searchStatesMax: intFlag('search-states', values['search-states']), json: values.json === true, quiet: values.quiet === true,
    }, io);
  },
  report(argv, io) {
    const { values, positionals } = parse('report', argv, { format: { type: 'string' }, out: { type: 'string' } });
    if (values.help) return io.out(REPORT_HELP), 0;
    if (positionals.length !== 1) throw new UsageError(`report needs exactly one file (got ${positionals.length})`);
    return reportCommand({ file: positionals[0]!, format: values.format as string | undefined, out: values.out as string | undefined }, io);
  },
  list(argv, io) {
    const { values } = parse('list', argv, { json: { type: 'boolean' } });
    if (values.help) return io.out(LIST_HELP), 0;
    return listCommand({ json: values.json === true }, io);
  },
  explore(argv, io, defaults) {
    const { values, positionals } = parse('explore', argv, {
      mutant: { type: 'string' }, strategy: { type: 'string' }, seed: { type: 'string' },
      executions: { type: 'string' }, depth: { type: 'string' }, faults: { type: 'string', multiple: true },
      'fault-probability': { type: 'string' }, 'bug-depth': { type: 'string' }, preemptions: { type: 'string' }, 'time-ms': { type: 'string' }, n: { type: 'string' }, param: { type: 'string', multiple: true },
      out: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' },
      workers: { type: 'string' }, shard: { type: 'string' }, split: { type: 'boolean' }, 'no-minimize': { type: 'boolean' },
      stated: { type: 'boolean' },
    });
    if (values.help) return io.out(EXPLORE_HELP), 0;
    if (positionals.length !== 1) throw new UsageError(`explore needs exactly one scenario id (got ${positionals.length}); see 'racelab list'`);
    const params = pairsFlag('param', values.param as string[] | undefined);
    const n = intFlag('n', values.n);
    if (n !== undefined) params.n = n;
    const request: ExploreRequest = {
      scenario: positionals[0]!,
      mutant: (values.mutant as string | undefined) ?? null,
      strategy: values.strategy as string | undefined,
      seed: values.seed as string | undefined,
      executionsMax: intFlag('executions', values.executions),
      depthMax: intFlag('depth', values.depth),
      faults: pairsFlag('faults', values.faults as string[] | undefined),
      faultProbability: numFlag('fault-probability', values['fault-probability']),
      bugDepth: intFlag('bug-depth', values['bug-depth']),
      preemptionsMax: intFlag('preemptions', values.preemptions),
      durationMsMax: intFlag('time-ms', values['time-ms']),
      params,
      minimize: values['no-minimize'] !== true,
    };
    return exploreEntry({
      ...(values.stated === true ? withStatedBounds(request) : request),
      workers: intFlag('workers', values.workers),
      split: values.split === true ? true : undefined,
      shard: values.shard as string | undefined,
      out: values.out as string | undefined,
      json: values.json === true,
      quiet: values.quiet === true,
      tty: io === processIo && process.stderr.isTTY === true,
    }, defaults.parallel, io);
  },
  merge(argv, io) {
    const { values, positionals } = parse('merge', argv, { out: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' } });
    if (values.help) return io.out(MERGE_HELP), 0;
    if (positionals.length === 0) throw new UsageError(`merge needs the shard reports to join (shard-*.json from 'racelab explore --shard i/N'); see 'racelab merge --help'`);
    return mergeCommand({ files: positionals, out: values.out as string | undefined, json: values.json === true, quiet: values.quiet === true }, io);
  },
  matrix(argv, io) {
    const { values, positionals } = parse('matrix', argv, {
      out: { type: 'string' }, executions: { type: 'string' }, seed: { type: 'string' },
      explorers: { type: 'string' }, scenarios: { type: 'string' }, quiet: { type: 'boolean' },
    });
    if (values.help) return io.out(MATRIX_HELP), 0;
    if (positionals.length > 0) throw new UsageError(`matrix takes no positional arguments (got '${positionals[0]}'); use --scenarios a,b to choose scenarios`);
    const list = (v: unknown): string[] | undefined => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
    return matrixCommand({
      out: values.out as string | undefined, executionsMax: intFlag('executions', values.executions), seed: values.seed as string | undefined,
      explorers: list(values.explorers), scenarios: list(values.scenarios), quiet: values.quiet === true,
    }, io);
  },
  replay(argv, io) {
    const { values, positionals } = parse('replay', argv, {
      verbose: { type: 'boolean' }, json: { type: 'boolean' }, continue: { type: 'boolean' }, prefix: { type: 'string' },
      'drop-fault': { type: 'string', multiple: true }, 'flip-fault': { type: 'string', multiple: true }, edited: { type: 'boolean' },
      seed: { type: 'string' }, executions: { type: 'string' }, out: { type: 'string' },
    });
    if (values.help) return io.out(REPLAY_HELP), 0;
    if (positionals.length !== 1) throw new UsageError(`replay needs exactly one trace file (got ${positionals.length})`);
    const drops = (values['drop-fault'] as string[] | undefined) ?? [];
    const flips = (values['flip-fault'] as string[] | undefined) ?? [];
    if (values.continue || values.edited || drops.length > 0 || flips.length > 0) {
      return whatIfCommand({
        file: positionals[0]!, dropFaults: drops, flipFaults: flips, edited: values.edited === true, continue: values.continue === true,
        prefix: intFlag('prefix', values.prefix), seed: values.seed as string | undefined, executionsMax: intFlag('executions', values.executions),
        out: values.out as string | undefined, json: values.json === true,
      }, io);
    }
    return replayCommand({ file: positionals[0]!, verbose: values.verbose === true, json: values.json === true }, io);
  },
};

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code — synchronously,
 * except for pooled runs (explore --workers/--shard, or the binary's default), which return a
 * promise of it. `await` works on both; runCliAsync always returns a promise.
 */
export function runCli(argv: readonly string[], io: Io = processIo, defaults: CliDefaults = { parallel: false }): number | Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(MAIN_HELP);
      return name === undefined ? 2 : 0;
    }
    const cmd = COMMANDS[name];
    if (!cmd) throw new UsageError(`unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')} (see 'racelab --help')`);
    const code = cmd(rest, io, defaults);
    return typeof code === 'number' ? code : code.catch((e: unknown) => failed(e, io));
  } catch (e) {
    return failed(e, io);
  }
}

/** runCli, always as a promise. */
export async function runCliAsync(argv: readonly string[], io: Io = processIo, defaults: CliDefaults = { parallel: false }): Promise<number> {
  return runCli(argv, io, defaults);
}

/** Maps an error to its exit code, printing one line (and no stack unless RACELAB_DEBUG). */
function failed(e: unknown, io: Io): number {
  if (e instanceof RacelabError) {
    io.err(`racelab: ${e.message.replace(/\s*\n\s*/g, ' ')}`);
    return e.exit;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.err(`racelab: ${msg.startsWith('[racelab internal bug]') ? msg : `[racelab internal bug] ${msg}`}`);
  io.err(process.env.RACELAB_DEBUG ? String((e as Error).stack) : 'racelab: please report this with the command you ran (RACELAB_DEBUG=1 prints the stack)');
  return 3;
}

const invokedDirectly = process.argv[1] !== undefined && /[\\/]main\.(js|ts)$|[\\/]racelab$/.test(process.argv[1]);
if (invokedDirectly) {
  void runCliAsync(process.argv.slice(2), processIo, { parallel: true }).then((code) => {
    process.exitCode = code;
  });
}
