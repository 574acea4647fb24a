import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

const ROOT = process.cwd();

/**
 * The built package as `npm pack` publishes it, unpacked into a fresh folder under test-results/ (inside the
 * repository, so the package's own dependencies resolve from its node_modules, as they would from an app's).
 * Returns the unpacked package's folder: what an install puts in `node_modules/samtykke`.
 */
export async function unpackedPackage(): Promise<string> {
  await mkdir(join(ROOT, 'test-results'), { recursive: true });
  const dir = await mkdtemp(join(ROOT, 'test-results/packed-'));
  const output = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [packed] = JSON.parse(output) as Array<{ filename: string }>;
  if (!packed) throw new Error('npm pack printed no file');
  execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', dir]);
  return join(dir, 'package');
}

/** What `npm install` does for an example's `samtykke` dependency: `appDir/node_modules/samtykke` is `pkg`. */
export async function installInto(appDir: string, pkg: string): Promise<void> {
  await mkdir(join(appDir, 'node_modules'), { recursive: true });
  await rm(join(appDir, 'node_modules/samtykke'), { force: true, recursive: true });
  await symlink(pkg, join(appDir, 'node_modules/samtykke'), 'dir');
}
