import type { TestProject } from 'vitest/node';
import { startPostgres } from './pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

/** Vitest global setup of the server project: one real PostgreSQL for every test file. */
export default async function setup(project: TestProject): Promise<() => void> {
  const postgres = await startPostgres();
  project.provide('pgUrl', postgres.url);
  return () => postgres.stop();
}
