import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkConfig, normalizeConfig } from '../core/index.js';
import { type ParsedCommand, parseCommand } from './args.js';
import type { CheckConfigIo } from './check-config.js';
import { configFrom, UnreadableConfig } from './read-config.js';
import { joinSiteLoader } from './site-loader.js';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  html: { type: 'boolean' },
  out: { type: 'string' },
} as const;

export const BUILD_LOADER_HELP = `Usage: samtykke build-loader <file.json|file.js|page.html|-> --out <dir> [--html]

Checks the config fully, as check-config does, and writes a loader for this one site to <dir>: samtykke.<hash>.js,
with the config validated and normalized inside and its name taken from its content, and copies the files it
loads lazily next to it. Put the <script> it prints first in <head>; the page needs no config of its own. Run it
again whenever the config changes: a new config is a new file name.

  --out <dir>   the folder to write (created if missing), e.g. public/samtykke
  --html        read the input as an HTML page (its #samtykke-config or inline window.samtykkeConfig)

Exit status: 0 written (warnings allowed); 2 a config error, an unreadable file or wrong usage, and nothing written.`;

/** Where the built files are: the template, the files the loader loads lazily and their folder. */
export interface BuiltFiles {
  dir: string;
  template: string;
  /** The template for a config with Consent Mode off, which leaves its code out; without it, `template`. */
  withoutConsentMode?: string;
  parts: readonly string[];
}

/** `samtykke build-loader …`: resolves to the exit status. */
export async function runBuildLoader(argv: readonly string[], io: CheckConfigIo, built: BuiltFiles): Promise<number> {
  const usage = (problem: string) => {
    io.err(`samtykke build-loader: ${problem}\n\n${BUILD_LOADER_HELP}\n`);
    return 2;
  };
  let parsed: ParsedCommand<typeof OPTIONS>;
  try {
    parsed = parseCommand(argv, OPTIONS);
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${BUILD_LOADER_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) return usage('expected one config file (or - for standard input)');
  if (!values.out) return usage('expected --out <dir>, the folder to write the loader to');
  const file = positionals[0] as string;
  const out = values.out;
  let input: unknown;
  try {
    const text = file === '-' ? await io.stdin() : await readFile(file, 'utf8');
    input = configFrom(text, file === '-' ? 'stdin.json' : file, values.html);
  } catch (error) {
    const why =
      error instanceof UnreadableConfig
        ? error.message
        : `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    io.err(`${file}: error: ${why}\n${file}: nothing written\n`);
    return 2;
  }
  const { errors, warnings } = checkConfig(input);
  // The messages of the npm build and check-config: the path, what was expected, a "did you mean" hint.
  for (const error of errors) io.err(`${file}: error: ${error.message.replace(/^samtykke: /, '')}\n`);
  for (const warning of warnings) io.err(`${file}: warning: ${warning.replace(/^samtykke: /, '')}\n`);
  if (errors.length > 0) {
    io.err(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing written to ${out}\n`);
    return 2;
  }
  const refuse = (error: unknown) => {
    io.err(`${(error as Error).message}\n${file}: nothing written to ${out}\n`);
    return 2;
  };
  let config: ReturnType<typeof normalizeConfig>;
  try {
    config = normalizeConfig(input);
  } catch (error) {
    return refuse(error);
  }
  const templateFile = join(built.dir, (!config.consentMode.enabled && built.withoutConsentMode) || built.template);
  let template: string;
  try {
    template = await readFile(templateFile, 'utf8');
  } catch (error) {
    io.err(`samtykke build-loader: ${templateFile} is missing (${(error as Error).message})\n`);
    return 2;
  }
  let loader: ReturnType<typeof joinSiteLoader>;
  try {
    loader = joinSiteLoader(template, config);
  } catch (error) {
    return refuse(error);
  }
  await mkdir(out, { recursive: true });
  await Promise.all(built.parts.map((part) => copyFile(join(built.dir, part), join(out, part))));
  // Written last: a loader is only there once every file it may load is.
  await writeFile(join(out, loader.file), loader.source);
  io.out(
    `Wrote ${join(out, loader.file)} (${Buffer.byteLength(loader.source)} B, the config inside) and the ${built.parts.length} files it loads lazily.\n` +
      `Put it first in <head>, from where ${out} is served, e.g.:\n` +
      `<script src="/samtykke/${loader.file}" integrity="${loader.integrity}" crossorigin="anonymous"></script>\n`,
  );
  return 0;
}
