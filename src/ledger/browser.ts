/** The part of the Web Locks API the ledger uses. */
export type Locks = {
  request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown): Promise<unknown>;
};

/**
 * Run `task` holding a Web Lock, so tabs of one origin take turns. `ifAvailable` gives up at once
 * when another tab holds it (`acquired: false`). Without Web Locks (insecure pages, old browsers)
 * the task just runs: two tabs may then send the same receipt at once, which ids make harmless.
 */
export function createLockRunner(locks: Locks | undefined) {
  return async <T>(name: string, ifAvailable: boolean, task: () => Promise<T>) => {
    if (!locks) return { acquired: true, value: await task() };
    let outcome: { acquired: boolean; value?: T } = { acquired: false };
    await locks.request(name, ifAvailable ? { ifAvailable: true } : {}, async (lock) => {
      if (lock) outcome = { acquired: true, value: await task() };
    });
    return outcome;
  };
}

/** Tell the other tabs of this origin that the local ledger was erased. */
export function announceErasure(channelName: string): void {
  if (typeof BroadcastChannel !== 'function') return;
  const sender = new BroadcastChannel(channelName);
  sender.postMessage('erased');
  sender.close();
}

/** Listen for erasures announced by other tabs; returns the stop function. */
export function onErasure(channelName: string, handler: () => void): () => void {
  if (typeof BroadcastChannel !== 'function') return () => undefined;
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event) => {
    if (event.data === 'erased') handler();
  };
  return () => channel.close();
}
