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
import { EXPLORE_HELP, exploreCommand } from './commands/explore.js';
import { REPLAY_HELP, replayCommand } from './commands/replay.js';

const MAIN_HELP = `racelab — deterministic simulation and exploration of protocol races

Usage: racelab <command> [options]

Commands:
  list                      list scenarios, mutants, invariants and strategies
  explore <scenario>        explore schedules and faults; write a counterexample on violation
  replay <trace.json>       replay a counterexample exactly and check it reproduces

Run 'racelab <command> --help' for a command's options.
Exit codes: 0 held, 1 violation found, 2 bad usage or input, 3 inconclusive or mismatch.`;

type Command = (argv: readonly string[], io: Io) => number;

const COMMANDS: Record<string, Command> = {
  list(argv, io) {
    const { values } = parse('list', argv, { json: { type: 'boolean' } });
    if (values.help) return io.out(LIST_HELP), 0;
    return listCommand({ json: values.json === true }, io);
  },
  explore(argv, io) {
    const { values, positionals } = parse('explore', argv, {
      mutant: { type: 'string' }, strategy: { type: 'string' }, seed: { type: 'string' },
      executions: { type: 'string' }, depth: { type: 'string' }, faults: { type: 'string', multiple: true },
      'fault-probability': { type: 'string' }, n: { type: 'string' }, param: { type: 'string', multiple: true },
      out: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' },
    });
    if (values.help) return io.out(EXPLORE_HELP), 0;
    if (positionals.length !== 1) throw new UsageError(`explore needs exactly one scenario id (got ${positionals.length}); see 'racelab list'`);
    const params = pairsFlag('param', values.param as string[] | undefined);
    const n = intFlag('n', values.n);
    if (n !== undefined) params.n = n;
    return exploreCommand({
      scenario: positionals[0]!,
      mutant: (values.mutant as string | undefined) ?? null,
      strategy: values.strategy as string | undefined,
      seed: values.seed as string | undefined,
      executionsMax: intFlag('executions', values.executions),
      depthMax: intFlag('depth', values.depth),
      faults: pairsFlag('faults', values.faults as string[] | undefined),
      faultProbability: numFlag('fault-probability', values['fault-probability']),
      params,
      out: values.out as string | undefined,
      json: values.json === true,
      quiet: values.quiet === true,
    }, io);
  },
  replay(argv, io) {
    const { values, positionals } = parse('replay', argv, { verbose: { type: 'boolean' }, json: { type: 'boolean' } });
    if (values.help) return io.out(REPLAY_HELP), 0;
    if (positionals.length !== 1) throw new UsageError(`replay needs exactly one trace file (got ${positionals.length})`);
    return replayCommand({ file: positionals[0]!, verbose: values.verbose === true, json: values.json === true }, io);
  },
};

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export function runCli(argv: readonly string[], io: Io = processIo): number {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(MAIN_HELP);
      return name === undefined ? 2 : 0;
    }
    const cmd = COMMANDS[name];
    if (!cmd) throw new UsageError(`unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')} (see 'racelab --help')`);
    return cmd(rest, io);
  } catch (e) {
    if (e instanceof RacelabError) {
      io.err(`racelab: ${e.message}`);
      return e.exit;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`racelab: ${msg.startsWith('[racelab internal bug]') ? msg : `[racelab internal bug] ${msg}`}`);
    io.err(process.env.RACELAB_DEBUG ? String((e as Error).stack) : 'racelab: please report this with the command you ran (RACELAB_DEBUG=1 prints the stack)');
    return 3;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /[\\/]main\.(js|ts)$|[\\/]racelab$/.test(process.argv[1]);
if (invokedDirectly) {
  process.exitCode = runCli(process.argv.slice(2));
}
