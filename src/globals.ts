/**
 * Types of what the script-tag builds put on the page: `window.samtykkeConfig` (read), `window.Samtykke` (the
 * instance) and the `samtykke:*` DOM events on `document`. They are the types of `samtykke/loader` and
 * `samtykke/all`, and `import 'samtykke'` brings them too.
 */
import type { Decision, Samtykke, SamtykkeConfig, SamtykkeEvents } from './types.js';

/** `samtykke:change`, `samtykke:show`, …: every instance event as a DOM event on `document`, plus `samtykke:ready`. */
export type SamtykkeDocumentEvents = {
  [K in keyof SamtykkeEvents as `samtykke:${K}`]: CustomEvent<SamtykkeEvents[K]>;
} & {
  /** The loader has started; `decision` is the stored one, or null when the visitor has not decided. */
  'samtykke:ready': CustomEvent<{ decision: Decision | null }>;
};

declare global {
  interface Window {
    /** The config a site sets before the samtykke script tag. */
    samtykkeConfig?: SamtykkeConfig;
    /** The running instance, for pages without a bundler. */
    Samtykke?: Samtykke;
  }
  interface DocumentEventMap extends SamtykkeDocumentEvents {}
}
