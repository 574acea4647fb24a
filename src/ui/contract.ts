import type { DecisionRequest, NormalizedConfig } from '../core/index.js';
import type { ErasureReport, Samtykke } from '../types.js';

/** What the UI is given when it is mounted. */
export interface UiHost {
  instance: Samtykke;
  config: NormalizedConfig;
  document: Document;
  /** The UI reports the exact texts it rendered, so receipts can hash what the visitor saw. */
  reportShown(notice: { language: string; texts: Record<string, string> }): void;
  /**
   * The visitor chose in the banner (layer 1), the preferences or the declaration (layer 2). Only the UI is handed
   * this; `event` is the click (or key press) that carried the choice, and only one the browser dispatched for a
   * real input (`isTrusted`) is recorded as the visitor's. Anything else is recorded as `api`.
   */
  decide(request: DecisionRequest, proof: { layer: 1 | 2; event?: Event }): void;
  /** The preferences closed (saved, closed or erased): a first layer they covered can be used again. */
  closed?(): void;
}

/** What a mounted UI (the preferences and declaration) can be asked to do. */
export interface UiHandle {
  /** Focus returns to `opener` (or what had focus) on close. */
  showPreferences(opener?: Element | null): void;
  hide(): void;
  /** Renders the declaration into every `[data-samtykke-declaration]`. */
  renderDeclarations(): void;
  /** Tells the visitor, in the open preferences, what "Delete my data" did (after the reload it caused). */
  erased(report: ErasureReport): void;
  destroy(): void;
}
