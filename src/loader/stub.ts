/**
 * `window.Samtykke` from the critical loader's first line on: the getters answer from the decision cookie at
 * once, everything else waits in a queue until the runtime has arrived and then runs there, in order (a promise
 * resolves with the runtime's answer); subscriptions made meanwhile are handed over. When the runtime cannot come
 * (the file failed, the config was unusable) every call says why it does nothing, and nothing is granted.
 */
import { allows, allowsService, type NormalizedConfig } from '../core/index.js';
import type { Decision, Samtykke } from '../types.js';

/** The instance plus what the script-tag loader needs beyond the public API. */
export interface SamtykkeInternal extends Samtykke {
  readonly config: NormalizedConfig;
}

/** Methods that would show, decide or stop something: queued until the runtime runs them. */
const ACTIONS = [
  'show',
  'showPreferences',
  'hide',
  'acceptAll',
  'rejectAll',
  'accept',
  'allowService',
  'withdraw',
  'withdrawService',
  'destroy',
] as const;
const LEDGER = ['list', 'export', 'erase', 'flush'] as const;

/** An event handler of any event; each is handed to `on` with the event it was given for. */
type Handler = (payload: never) => void;
const subscribe = (instance: SamtykkeInternal, event: string, handler: Handler) =>
  instance.on(event as 'change', handler as (payload: unknown) => void);

type Call = [run: (instance: SamtykkeInternal) => unknown, fail: (error: unknown) => void];

export interface Stub {
  readonly api: SamtykkeInternal;
  /** The runtime is here: subscriptions move to it and queued calls run there, in the order they were made. */
  hand(instance: SamtykkeInternal): void;
  /** The runtime will not come: queued calls fail with `error`, later ones report `why`. */
  fail(error: unknown, why: string): void;
}

export function createStub(config: NormalizedConfig, gpc: boolean, decision: () => Decision | null): Stub {
  let target: SamtykkeInternal | undefined;
  let failure: { error: unknown; why: string } | undefined;
  let queue: Call[] = [];
  /** Subscriptions made before the runtime came; `off` is the runtime's once handed over. */
  const subscriptions = new Set<{ event: string; handler: Handler; off?: () => void }>();
  const report = (method: string) => {
    if (failure) console.error(`samtykke: ${method}() does nothing: ${failure.why}.`, failure.error);
  };
  /** Runs on the runtime, or queues; `fallback` is the answer while it is not here. */
  const call = <T>(method: string, run: (instance: SamtykkeInternal) => T, fallback: T, fail: Call[1] = () => {}) => {
    if (target) return run(target);
    if (failure) {
      report(method);
      fail(failure.error);
    } else queue.push([run, fail]);
    return fallback;
  };
  const api: Record<string, unknown> = {
    // The runtime's, once it is here: it read the config again with the whole vendor catalogue.
    get config() {
      return target ? target.config : config;
    },
    gpc,
    getDecision: () => (target ? target.getDecision() : failure ? null : decision()),
    isGranted: (category: string) =>
      target ? target.isGranted(category) : !failure && allows(config, decision(), category),
    isServiceAllowed: (service: string) =>
      target ? target.isServiceAllowed(service) : !failure && allowsService(config, decision(), service),
    on(event: string, handler: Handler) {
      if (target) return subscribe(target, event, handler);
      const subscription: { event: string; handler: Handler; off?: () => void } = { event, handler };
      if (!failure) subscriptions.add(subscription);
      return () => {
        subscriptions.delete(subscription);
        subscription.off?.();
      };
    },
    ledger: Object.fromEntries(
      LEDGER.map((name) => [
        name,
        () =>
          target
            ? target.ledger[name]()
            : new Promise((resolve, reject) => {
                call(`ledger.${name}`, (instance) => instance.ledger[name]().then(resolve, reject), undefined, reject);
              }),
      ]),
    ),
  };
  for (const name of ACTIONS) {
    api[name] = (...args: unknown[]) =>
      call(name, (instance) => (instance[name] as (...a: unknown[]) => unknown)(...args), null);
  }
  return {
    api: api as unknown as SamtykkeInternal,
    hand(instance) {
      target = instance;
      for (const subscription of subscriptions)
        subscription.off = subscribe(instance, subscription.event, subscription.handler);
      subscriptions.clear();
      for (const [run, fail] of queue.splice(0)) {
        try {
          run(instance);
        } catch (error) {
          // A queued call the runtime refused (an unknown category) fails alone, as it would have in place.
          fail(error);
          console.error(error);
        }
      }
    },
    fail(error, why) {
      if (target || failure) return;
      failure = { error, why };
      subscriptions.clear();
      const waiting = queue;
      queue = [];
      for (const [, fail] of waiting) fail(error);
    },
  };
}
