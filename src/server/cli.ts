// Entry point of the `samtykke-ledger` bin; the build adds the shebang.
import { runCli } from './cli-main.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`samtykke-ledger: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
