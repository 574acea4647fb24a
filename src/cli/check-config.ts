import { readFile } from 'node:fs/promises';
import { checkConfig } from '../core/index.js';
import { type ParsedCommand, parseCommand } from './args.js';
import { configFrom, UnreadableConfig } from './read-config.js';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  html: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const CHECK_CONFIG_HELP = `Usage: samtykke check-config <file.json|file.js|page.html|-> [--html] [--json]

Runs the full config validation (every error with its path, what was expected and a "did you mean" hint) and the
guard-rail warnings, without a browser. Reads JSON, a script with window.samtykkeConfig = {…} (or export default
{…}), or with --html (or a .html name) a page's #samtykke-config JSON or inline window.samtykkeConfig; - reads
standard input. Scripts are read as text, never run.

  --html   read the input as an HTML page
  --json   print {"file","ok","errors":[{"path","message"}],"warnings":[{"path","message"}]} for CI

Exit status: 0 usable (warnings allowed), 1 errors or unreadable config, 2 usage or missing file.`;

/** Output channels and standard input, injectable so the command can be run in-process too. */
export interface CheckConfigIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: () => Promise<string>;
}

interface Problem {
  path: string;
  message: string;
}

const PREFIX = 'samtykke: ';
/** `samtykke: config.a.b: …` → `config.a.b`; a warning names its path the same way. */
const pathOf = (message: string) => /^samtykke: (config[^\s:"]*)/.exec(message)?.[1] ?? 'config';

/** `samtykke check-config …`: resolves to the exit status. */
export async function runCheckConfig(argv: readonly string[], io: CheckConfigIo): Promise<number> {
  let parsed: ParsedCommand<typeof OPTIONS>;
  try {
    parsed = parseCommand(argv, OPTIONS);
  } catch (error) {
    io.err(`samtykke check-config: ${(error as Error).message}\n\n${CHECK_CONFIG_HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${CHECK_CONFIG_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(`samtykke check-config: expected one file (or - for standard input)\n\n${CHECK_CONFIG_HELP}\n`);
    return 2;
  }
  const file = positionals[0] as string;
  let text: string;
  try {
    text = file === '-' ? await io.stdin() : await readFile(file, 'utf8');
  } catch (error) {
    io.err(
      `samtykke check-config: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`,
    );
    return 2;
  }
  let errors: Problem[];
  let warnings: Problem[] = [];
  try {
    const check = checkConfig(configFrom(text, file === '-' ? 'stdin.json' : file, values.html));
    errors = check.errors.map((error) => ({ path: error.path, message: error.message }));
    warnings = check.warnings.map((message) => ({ path: pathOf(message), message }));
  } catch (error) {
    if (!(error instanceof UnreadableConfig)) throw error;
    errors = [{ path: 'config', message: `${PREFIX}${file}: ${error.message}` }];
  }
  if (values.json) {
    io.out(`${JSON.stringify({ file, ok: errors.length === 0, errors, warnings }, null, 2)}\n`);
  } else {
    for (const { message } of errors) io.out(`${file}: error: ${message.slice(PREFIX.length)}\n`);
    for (const { message } of warnings) io.out(`${file}: warning: ${message.slice(PREFIX.length)}\n`);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    io.out(
      errors.length === 0
        ? `${file}: the config is usable${warnings.length ? `, with ${count(warnings.length, 'warning')}` : ''}\n`
        : `${file}: ${count(errors.length, 'error')}; the loader would refuse this config and grant nothing\n`,
    );
  }
  return errors.length === 0 ? 0 : 1;
}
