// Output seam for CLI commands: commands write through an Io so tests can capture output and
// only harness/cli/main.ts touches process streams and exit codes.

/** Where a command writes. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** Io over the real process streams. */
export const processIo: Io = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/** Io that records lines (tests). */
export function memoryIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l) };
}
