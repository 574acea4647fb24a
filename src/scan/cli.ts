// Entry point of the `samtykke-scan` bin; the build adds the shebang.
import { runScanCli } from './cli-main.js';

runScanCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`samtykke-scan: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 3;
  },
);
