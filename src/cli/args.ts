import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closest } from '../core/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;
/** What `parseArgs` makes of a command's arguments with these options. */
export type ParsedCommand<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/**
 * Reads a command's flags and positional arguments the way every `samtykke` command does: unknown flags are an
 * error, and the error names the nearest known flag when the typed one is a slip of it (`--ot` → `--out`).
 * Throws an `Error` whose message is the one line to print above the command's help.
 */
export function parseCommand<const O extends Options>(argv: readonly string[], options: O): ParsedCommand<O> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    const message = (error as Error).message;
    const [, dashes, typed] = /Unknown option '(-{1,2})([^']+)'/.exec(message) ?? [];
    if (typed === undefined) throw error;
    // Node's own message goes on about positionals that start with "-"; a slip of a flag is the likelier case.
    const hint = closest(typed, Object.keys(options));
    throw new Error(`unknown option ${dashes}${typed}${hint === undefined ? '' : ` (did you mean --${hint}?)`}`);
  }
}
