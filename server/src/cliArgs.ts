/**
 * Argument parsing for every `bgtasks` command, on `node:util` parseArgs (strict): unknown options and missing values
 * are usage errors with a one-line message; `--opt value` and `--opt=value` are the same.
 */
import { parseArgs } from 'node:util';

/** Misuse of the command line: the CLI prints `bgtasks: <message>` and exits 2. */
export class UsageError extends Error {}
/** `--help` on any command: the CLI prints that command's usage and exits 0. */
export class HelpRequested extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** parseArgs' messages are long and name the option in quotes; say the same in a short line. */
function shortMessage(e: Error & { code?: string }): string {
  const first = e.message.split('\n')[0];
  const unknown = /^Unknown option '([^']+)'/.exec(first);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /^Option '(?:-\w, )?(--[\w-]+)(?: <value>)?' argument missing/.exec(first);
  if (missing) return `${missing[1]} needs a value`;
  const ambiguous = /^Option '(?:-\w, )?(--[\w-]+)(?: <value>)?' argument is ambiguous/.exec(first);
  if (ambiguous) return `${ambiguous[1]} needs a value (write ${ambiguous[1]}=<value> for a value starting with "-")`;
  const noValue = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(first);
  if (noValue) return `${noValue[1]} does not take a value`;
  return first;
}

/** Parses `argv` strictly against `options` (a `help`/`-h` flag is added); throws HelpRequested or UsageError. */
export function parseCommandArgs(argv: readonly string[], options: Record<string, OptionSpec>): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true }) as ParsedArgs;
  } catch (e) {
    throw new UsageError(shortMessage(e as Error));
  }
  if (parsed.values.help) throw new HelpRequested();
  return parsed;
}
