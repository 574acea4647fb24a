'use client';

/**
 * `samtykke/react`: the consent state in React. `<SamtykkeProvider>` connects to the instance the loader tag
 * started (`window.Samtykke`), or creates one from `config` after mounting; `useConsent()` reads the decision
 * and acts on it; `<ConsentGate>` renders its children only once their category or service is allowed.
 *
 * Server rendering and the first client render see no decision and nothing granted, so the HTML never
 * contains gated content and hydration matches; the real state arrives in an effect.
 */
import {
  createContext,
  createElement,
  Fragment,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import '../globals.js';
import type { Decision, DecisionSource, Samtykke, SamtykkeConfig } from '../types.js';

/** What `useConsent()` returns. */
export interface ConsentState {
  /** The instance, or null on the server and before the provider has connected. */
  instance: Samtykke | null;
  /** The visitor's valid decision, or null (not decided yet, on the server, or not connected yet). */
  decision: Decision | null;
  /** Whether a category is granted now; false while there is no decision. */
  isGranted(category: string): boolean;
  /** Whether a service is allowed now (its category granted, or it allowed on its own). */
  isServiceAllowed(serviceId: string): boolean;
  /** The instance's actions; each does nothing until the provider has connected. */
  acceptAll(source?: DecisionSource): void;
  rejectAll(source?: DecisionSource): void;
  accept(categories: readonly string[], source?: DecisionSource): void;
  allowService(serviceId: string): void;
  withdraw(source?: DecisionSource): void;
  show(): void;
  showPreferences(): void;
}

const ConsentContext = createContext<ConsentState | null>(null);

/** Props of {@link SamtykkeProvider}. */
export interface SamtykkeProviderProps {
  /**
   * Config for an instance this provider creates in the browser (and destroys on unmount). Leave it out to use
   * the instance of the loader tag (`window.Samtykke`), the placement that blocks from the first byte.
   */
  config?: SamtykkeConfig;
  /** An instance you created yourself; the provider neither creates nor destroys one then. */
  instance?: Samtykke;
  children?: ReactNode;
}

/**
 * Finds or creates the instance once mounted; null until then (and until the loader tag has started one).
 * The config is read once: a new object literal on every render must not mean a new instance every render.
 * The npm runtime is a dynamic import, so an app that uses the loader tag's instance does not download it.
 */
function useInstance(config: SamtykkeConfig | undefined, given: Samtykke | undefined): Samtykke | null {
  const [instance, setInstance] = useState<Samtykke | null>(null);
  const initialConfig = useRef(config);
  useEffect(() => {
    if (given) return setInstance(given);
    const config = initialConfig.current;
    if (config) {
      // Unmounted before the runtime arrived (StrictMode's first mount, a quick navigation): none is made.
      let unmounted = false;
      let created: Samtykke | undefined;
      import('../index.js')
        .then(({ createSamtykke }) => {
          if (unmounted) return;
          created = createSamtykke(config);
          setInstance(created);
        })
        // A runtime that did not load or a config it refuses (a ConfigError naming the key): nothing is
        // granted, and the app keeps rendering its fallbacks.
        .catch((error: unknown) => console.error('samtykke/react: no consent instance:', error));
      return () => {
        unmounted = true;
        created?.destroy();
      };
    }
    if (window.Samtykke) return setInstance(window.Samtykke);
    // The loader tag is async or later in the page: connect when it is ready.
    const ready = () => setInstance(window.Samtykke ?? null);
    document.addEventListener('samtykke:ready', ready, { once: true });
    return () => document.removeEventListener('samtykke:ready', ready);
  }, [given]);
  return instance;
}

/** Provides the consent state to `useConsent()` and `<ConsentGate>` below it. */
export function SamtykkeProvider({ config, instance: given, children }: SamtykkeProviderProps) {
  const instance = useInstance(config, given);
  const [decision, setDecision] = useState<Decision | null>(null);
  useEffect(() => {
    if (!instance) return;
    setDecision(instance.getDecision());
    return instance.on('change', (change) => setDecision(change.decision));
  }, [instance]);
  const state = useMemo<ConsentState>(
    () => ({
      instance,
      decision,
      // Read from the decision in state, so a render never shows more than the state it re-rendered for.
      isGranted: (category) => Boolean(decision?.granted.includes(category)),
      isServiceAllowed: (serviceId) => Boolean(decision && instance?.isServiceAllowed(serviceId)),
      acceptAll: (source) => void instance?.acceptAll(source),
      rejectAll: (source) => void instance?.rejectAll(source),
      accept: (categories, source) => void instance?.accept(categories, source),
      allowService: (serviceId) => void instance?.allowService(serviceId),
      withdraw: (source) => void instance?.withdraw(source),
      show: () => instance?.show(),
      showPreferences: () => instance?.showPreferences(),
    }),
    [instance, decision],
  );
  return createElement(ConsentContext.Provider, { value: state }, children);
}

/** The consent state; must be used under `<SamtykkeProvider>`. */
export function useConsent(): ConsentState {
  const state = useContext(ConsentContext);
  if (!state) throw new Error('samtykke/react: useConsent() and <ConsentGate> need a <SamtykkeProvider> above them');
  return state;
}

/** Props of {@link ConsentGate}: exactly one of `category` or `service`. */
export type ConsentGateProps = (
  | { category: string; service?: undefined }
  | { service: string; category?: undefined }
) & {
  /** Rendered while not allowed: a placeholder that says what is missing, with a way to allow it. @default null */
  fallback?: ReactNode | ((consent: ConsentState) => ReactNode);
  children?: ReactNode;
};

/** Renders `children` only while the category is granted or the service allowed; `fallback` otherwise. */
export function ConsentGate(props: ConsentGateProps) {
  const consent = useConsent();
  if (props.category === undefined && props.service === undefined) {
    throw new Error('samtykke/react: <ConsentGate> needs a category or a service');
  }
  const allowed =
    props.category !== undefined ? consent.isGranted(props.category) : consent.isServiceAllowed(props.service);
  if (allowed) return createElement(Fragment, null, props.children);
  const fallback = typeof props.fallback === 'function' ? props.fallback(consent) : props.fallback;
  return createElement(Fragment, null, fallback ?? null);
}
