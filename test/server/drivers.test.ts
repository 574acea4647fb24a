import { describe, expect, it } from 'vitest';
import { loadDriver, MissingDriverError } from '../../src/server/storage.js';

const failing = (code: string) => () =>
  Promise.reject(Object.assign(new Error(`Cannot find module (${code})`), { code }));

describe('loading a database driver', () => {
  it('loads it through the import the storage names literally (so a bundler can keep it external)', async () => {
    const driver = await loadDriver<{ default: unknown }>('better-sqlite3', () => import('better-sqlite3'));
    expect(typeof driver.default).toBe('function');
  });

  it('says what to install when it is missing, from Node (ERR_MODULE_NOT_FOUND) or from a bundle (MODULE_NOT_FOUND)', async () => {
    for (const code of ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']) {
      const error = await loadDriver('pg', failing(code)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MissingDriverError);
      expect((error as Error).message).toBe('The pg driver is not installed. Run: npm install pg');
    }
  });

  it('passes any other failure on as it is', async () => {
    await expect(loadDriver('pg', failing('ERR_DLOPEN_FAILED'))).rejects.toThrow('ERR_DLOPEN_FAILED');
  });
});
