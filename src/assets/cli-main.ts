import { type ParsedCommand, parseCommand } from '../cli/args.js';
import { runBuildLoader } from '../cli/build-loader.js';
import { runCheckConfig } from '../cli/check-config.js';
import { VERSION } from '../core/version.js';
import { copyAssets, distDir } from './copy.js';
import { LOADER_FILE, PART_FILES, SITE_TEMPLATE, SITE_TEMPLATE_WITHOUT_CONSENT_MODE } from './files.js';

const HELP = `samtykke — tools for sites that serve the samtykke script-tag loader

Usage: samtykke <command> [options]

Commands:
  copy-assets <dir>   Copy the loader and the files it loads lazily (UI per language, ledger) into <dir>,
                      e.g. public/samtykke; serve that folder and put
                      <script src="/samtykke/${LOADER_FILE}"></script> first in <head>.
              --integrity   also print config.ui.integrity with the SRI hash of each file
  build-loader <config.json> --out <dir>
                      Check the config fully and write a loader with it compiled in (samtykke.<hash>.js,
                      smaller: it reads no config from the page) and the files it loads lazily into <dir>;
                      exit 2 and write nothing on a config error. samtykke build-loader --help for more
  check-config <file.json|file.js|page.html|->
                      Check a config fully (every error, with "did you mean" hints, and the warnings);
                      exit 1 on errors. --html reads a page, --json prints JSON for CI.
                      samtykke check-config --help for more

Options: --help, --version
The ledger endpoint has its own command: samtykke-ledger --help`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  integrity: { type: 'boolean' },
} as const;

/** Runs one command; resolves to the exit code. Output goes through `out`/`err` so tests can read it. */
export async function runAssetsCli(
  argv: readonly string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  // Each of these has options of its own (--json, --html, --out) and reads them itself.
  if (argv[0] === 'check-config') return runCheckConfig(argv.slice(1), { out, err, stdin: readStdin });
  if (argv[0] === 'build-loader') {
    const built = {
      dir: distDir(),
      template: SITE_TEMPLATE,
      withoutConsentMode: SITE_TEMPLATE_WITHOUT_CONSENT_MODE,
      parts: PART_FILES,
    };
    return runBuildLoader(argv.slice(1), { out, err, stdin: readStdin }, built);
  }
  let parsed: ParsedCommand<typeof OPTIONS>;
  try {
    parsed = parseCommand(argv, OPTIONS);
  } catch (error) {
    err(`samtykke: ${(error as Error).message}\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, target, ...rest] = positionals;
  if (values.version) {
    out(`${VERSION}\n`);
    return 0;
  }
  if (values.help || command === undefined || command === 'help') {
    out(`${HELP}\n`);
    return 0;
  }
  if (command !== 'copy-assets') {
    err(`samtykke: unknown command "${command}"\n${HELP}\n`);
    return 2;
  }
  if (!target || rest.length > 0) {
    err('samtykke copy-assets: expected one target folder, e.g. samtykke copy-assets public/samtykke\n');
    return 2;
  }
  const copied = await copyAssets(target);
  out(`Copied ${copied.length} files to ${target}: ${copied.map((asset) => asset.file).join(', ')}\n`);
  if (values.integrity) {
    const lazy = copied.filter((asset) => asset.file !== LOADER_FILE && asset.file !== 'samtykke.all.js');
    const hashes = Object.fromEntries(lazy.map((asset) => [asset.file, asset.integrity]));
    const loader = copied.find((asset) => asset.file === LOADER_FILE);
    out(`\nThe loader's own tag: integrity="${loader?.integrity}" crossorigin="anonymous"\n`);
    out(`config.ui.integrity = ${JSON.stringify(hashes, null, 2)}\n`);
  }
  return 0;
}

async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  return text;
}
