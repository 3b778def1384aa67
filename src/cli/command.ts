// What the subcommands (`render`, `snapshot`) share: flag parsing, usage and help, and the exit
// codes: 0 done, 1 a failure the user can act on (one line, no stack), 2 a usage error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../nearest-name.js';

export interface CommandIo {
  /** Receives complete text, newlines included. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A problem the user can act on: printed as one line, exit code 1. Anything else is a bug and keeps its stack. */
export class CommandFailure extends Error {}

export class UsageError extends Error {}

export interface Command<Arguments> {
  /** `networking-calico-fn render: ` */
  prefix: string;
  usage: string;
  /** Turns argv into arguments, or throws UsageError; `null` asks for the usage text. */
  parse: (argv: string[]) => Arguments | null;
  run: (args: Arguments) => Promise<number>;
}

export async function runCommand<Arguments>(command: Command<Arguments>, argv: string[], io: CommandIo): Promise<number> {
  let args: Arguments | null;
  try {
    args = command.parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${command.prefix}${error.message}\n${command.usage}`);
    return 2;
  }
  if (args === null) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (!(error instanceof CommandFailure)) throw error;
    io.stderr(`${command.prefix}${error.message}\n`);
    return 1;
  }
}

/** parseArgs with usage errors for unknown flags, stray arguments and empty values. */
export function parseFlags<Options extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: Options, allowPositionals: boolean) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    if (String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(usageMessage(error as NodeJS.ErrnoException, options));
    throw error;
  }
  for (const [flag, value] of Object.entries(parsed.values)) {
    if (value === '') throw new UsageError(`--${flag} needs a non-empty value`);
  }
  return parsed;
}

/** Node's words, except for an unknown option: its advice on `--` fits no flag of ours, a near name does. */
function usageMessage(error: NodeJS.ErrnoException, options: NonNullable<ParseArgsConfig['options']>): string {
  const unknown = error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '([^']+)'/.exec(error.message)?.[1] : undefined;
  if (unknown === undefined) return error.message;
  const flags = Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
  return `unknown option ${unknown}${didYouMean(unknown, flags)}`;
}
