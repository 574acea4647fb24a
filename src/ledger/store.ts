import { clear, createStore, entries, get, promisifyRequest, type UseStore } from 'idb-keyval';

/** The few key-value operations the ledger needs; IndexedDB or memory behind it. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  entries<T>(prefix: string): Promise<Array<[string, T]>>;
  /** Put `pairs` and delete `remove` in one step; atomic in IndexedDB (one transaction). */
  write(pairs: Array<[string, unknown]>, remove?: string[]): Promise<void>;
  clear(): Promise<void>;
  /** `indexeddb` until IndexedDB fails once, then `memory` for the page's life. */
  readonly kind: 'indexeddb' | 'memory';
}

/** A store that lives and dies with the page. */
export function createMemoryStore(seed: Iterable<[string, unknown]> = []): KeyValueStore {
  const map = new Map<string, unknown>(seed);
  return {
    kind: 'memory',
    get: async <T>(key: string) => structuredCopy(map.get(key)) as T | undefined,
    entries: async <T>(prefix: string) =>
      [...map].filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key, structuredCopy(value) as T]),
    write: async (pairs, remove = []) => {
      for (const key of remove) map.delete(key);
      for (const [key, value] of pairs) map.set(key, structuredCopy(value));
    },
    clear: async () => map.clear(),
  };
}

// IndexedDB hands out copies; the memory store does the same so callers cannot tell them apart.
function structuredCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Longest we wait for IndexedDB to open before treating it as unavailable (a blocked open hangs). */
const OPEN_TIMEOUT_MS = 5_000;

/**
 * The ledger's store: our own IndexedDB database (never idb-keyval's default `keyval-store`),
 * falling back to memory for the rest of the page's life the first time IndexedDB fails (absent,
 * blocked, private mode, quota). `onDegrade` is called once, with the cause.
 */
export function createLedgerStore(databaseName: string, onDegrade: (error: unknown) => void): KeyValueStore {
  let idb: UseStore | undefined;
  let memory: KeyValueStore | undefined;
  let ready: Promise<void> | undefined;

  const degrade = async (error: unknown): Promise<KeyValueStore> => {
    if (memory) return memory;
    // Keep what IndexedDB still lets us read, so a failing write does not hide earlier receipts.
    let seed: Array<[string, unknown]> = [];
    try {
      if (idb) seed = (await withTimeout(entries(idb))) as Array<[string, unknown]>;
    } catch {
      seed = [];
    }
    if (memory) return memory;
    memory = createMemoryStore(seed);
    onDegrade(error);
    return memory;
  };

  const open = (): Promise<void> => {
    ready ??= (async () => {
      try {
        idb = createStore(databaseName, 'receipts');
        // idb-keyval opens lazily; one read proves the database opens and the store exists.
        await withTimeout(get('probe', idb));
      } catch (error) {
        await degrade(error);
      }
    })();
    return ready;
  };

  const run = async <T>(
    operation: (store: UseStore) => Promise<T>,
    fallback: (store: KeyValueStore) => Promise<T>,
  ): Promise<T> => {
    await open();
    if (!memory && idb) {
      try {
        return await operation(idb);
      } catch (error) {
        return fallback(await degrade(error));
      }
    }
    return fallback(memory as KeyValueStore);
  };

  return {
    get kind() {
      return memory ? 'memory' : 'indexeddb';
    },
    get: <T>(key: string) =>
      run(
        (store) => get<T>(key, store),
        (fallback) => fallback.get<T>(key),
      ),
    entries: <T>(prefix: string) =>
      run(
        async (store) =>
          (await entries<string, T>(store)).filter(
            (pair): pair is [string, T] => typeof pair[0] === 'string' && pair[0].startsWith(prefix),
          ),
        (fallback) => fallback.entries<T>(prefix),
      ),
    write: (pairs, remove = []) =>
      run(
        (store) =>
          store('readwrite', (objects) => {
            for (const key of remove) objects.delete(key);
            for (const [key, value] of pairs) objects.put(value, key);
            return promisifyRequest(objects.transaction);
          }),
        (fallback) => fallback.write(pairs, remove),
      ),
    clear: () =>
      run(
        (store) => clear(store),
        (fallback) => fallback.clear(),
      ),
  };
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('IndexedDB did not answer in time')), OPEN_TIMEOUT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
