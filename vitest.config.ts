import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Vite 8 transforms TSX with Oxc and ignores tsconfig's jsxImportSource, so say it here too.
const jsx = { runtime: 'automatic', importSource: 'preact' } as const;

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  oxc: { jsx },
  // The same build-time version as rollup.config.ts writes in.
  define: { __SAMTYKKE_VERSION__: JSON.stringify(version) },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium per file already uses both cores; more files at once only add flakiness.
          fileParallelism: false,
          // expect.poll waits for what a real browser does (a file to load, a request to arrive): on a busy CI machine
          // that takes longer than vitest's 1 s default. A poll that passes returns as soon as it does.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          globalSetup: ['test/server/postgres-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
