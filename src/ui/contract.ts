import type { NormalizedConfig } from '../core/index.js';
import type { Samtykke } from '../types.js';

/** What the UI is given when it is mounted. */
export interface UiHost {
  instance: Samtykke;
  config: NormalizedConfig;
  document: Document;
  /** The UI reports the exact texts it rendered, so receipts can hash what the visitor saw. */
  reportShown(notice: { language: string; texts: Record<string, string> }): void;
}

/** What a mounted UI can be asked to do. */
export interface UiHandle {
  showBanner(): void;
  /** Focus returns to `opener` (or what had focus) on close. */
  showPreferences(opener?: Element | null): void;
  hide(): void;
  /** Renders the declaration into every `[data-samtykke-declaration]`. */
  renderDeclarations(): void;
  destroy(): void;
}
