// Entry point of the `samtykke` bin; the build adds the shebang.
import { runAssetsCli } from './cli-main.js';

runAssetsCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`samtykke: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
