// User-facing error classes with stable codes.
// Owns: RacelabError and its subclasses. Each carries a code and a one-line sentence that names
// the input and the fix. The CLI (harness/cli/main.ts) maps them to exit codes; nothing else
// calls process.exit.

/** Exit code a user error maps to: 2 bad usage/input, 3 inconclusive/blocked/mismatch. */
export type ErrorExit = 2 | 3;

/** Base class of every error a user can cause. */
export class RacelabError extends Error {
  readonly code: string;
  readonly exit: ErrorExit;
  constructor(code: string, message: string, exit: ErrorExit = 2) {
    super(message);
    this.name = 'RacelabError';
    this.code = code;
    this.exit = exit;
  }
}

/** Bad command-line usage or options. */
export class UsageError extends RacelabError {
  constructor(message: string) {
    super('E_USAGE', message, 2);
  }
}

/** A file or value given by the user is malformed, tampered or unknown. */
export class InputError extends RacelabError {
  constructor(code: string, message: string) {
    super(code, message, 2);
  }
}

/** Replay did not reproduce, or a run could not produce the evidence it was asked for. */
export class InconclusiveError extends RacelabError {
  constructor(code: string, message: string) {
    super(code, message, 3);
  }
}

/** A model called an ambient source of nondeterminism (Date.now, Math.random, ...). */
export class AmbientNondeterminismError extends RacelabError {
  readonly model: string;
  readonly api: string;
  constructor(model: string, api: string) {
    super(
      'E_AMBIENT',
      `model '${model}' called ${api}() during exploration; ambient nondeterminism is banned in ` +
        `models: use virtual time (delayed events) or the world's seeded data stream instead`,
      3,
    );
    this.model = model;
    this.api = api;
  }
}
