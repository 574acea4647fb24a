import type { SamtykkeEventName, SamtykkeEvents, Unsubscribe } from '../types.js';

type Handler<K extends SamtykkeEventName> = (payload: SamtykkeEvents[K]) => void;

/** A typed event emitter whose listeners cannot break each other or the caller. */
export interface Emitter {
  on<K extends SamtykkeEventName>(event: K, handler: Handler<K>): Unsubscribe;
  emit<K extends SamtykkeEventName>(event: K, payload: SamtykkeEvents[K]): void;
  clear(): void;
}

/**
 * Creates an emitter. A throwing listener is reported through `error` (and the console when nobody listens
 * for errors) and the remaining listeners still run: one broken page script must not stop consent handling.
 */
export function createEmitter(): Emitter {
  const handlers = new Map<SamtykkeEventName, Set<Handler<never>>>();
  const emit = <K extends SamtykkeEventName>(event: K, payload: SamtykkeEvents[K]): void => {
    // A problem nobody listens for must still be seen.
    if (event === 'error' && !handlers.get('error')?.size) console.error('samtykke:', payload);
    for (const handler of [...(handlers.get(event) ?? [])]) {
      try {
        (handler as Handler<K>)(payload);
      } catch (error) {
        if (event !== 'error' && handlers.get('error')?.size) emit('error', { error, context: `${event} listener` });
        else console.error('samtykke: a listener failed', error);
      }
    }
  };
  return {
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler as Handler<never>);
      return () => set.delete(handler as Handler<never>);
    },
    emit,
    clear: () => handlers.clear(),
  };
}
