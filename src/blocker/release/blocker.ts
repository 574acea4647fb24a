/**
 * The whole blocker in one bundle: the interception, the release, the placeholders and the clean-up after a
 * withdrawal, for code that has them all at hand (tests, tools). The script-tag build splits the same parts by
 * when they must run.
 */
import type { NormalizedConfig } from '../../core/index.js';
import type { BlockReason, SamtykkeEvents } from '../../types.js';
import { type BlockerEvent, createInterception } from '../interception.js';
import type { RuleMatch } from '../rules.js';
import { clearTraces, tracesOf } from './cleanup.js';
import { createPlaceholders, type PlaceholderOptions } from './embeds.js';
import { createRelease, type Release, type ReleaseOptions } from './index.js';

export interface BlockerOptions extends Omit<ReleaseOptions, 'placeholders'>, PlaceholderOptions {
  config: NormalizedConfig;
  /** Receives `blocked`, `released` and `refused` reports. */
  onEvent?: <K extends BlockerEvent>(name: K, detail: SamtykkeEvents[K]) => void;
  /** Why a match is held, for the `blocked` report. @default 'not-granted' */
  reason?: (match: RuleMatch) => BlockReason;
}

/** The whole blocker in one: holds back what is not allowed and releases it, in order, once it is. */
export interface Blocker extends Omit<Release, 'start' | 'stop' | 'runOptOut'> {
  /** Install observers and patches. Call once, as early as possible. */
  start(): void;
  /**
   * After a refusal or withdrawal: delete the cookies and storage keys of `clean.services` (declared services or
   * built-in vendor ids; a cookie name one of `clean.keep` also uses stays), then run the opt-out scripts of
   * `optOut` categories (`data-category="!marketing"`). Resolves when those have run.
   */
  withdraw(optOut: readonly string[], clean: { services: readonly string[]; keep: readonly string[] }): Promise<void>;
  /** Remove every observer and patch; the originals are restored exactly. */
  stop(): void;
}

/** Creates interception and release for one document; `isAllowed` is the only view it has of the decision. */
export function createBlocker(options: BlockerOptions): Blocker {
  const { config } = options;
  const doc = options.document ?? document;
  const interception = createInterception(options);
  const release = createRelease(interception, { ...options, placeholders: createPlaceholders(config, doc, options) });
  return {
    start() {
      interception.start();
      release.start();
    },
    refresh: release.refresh,
    withdraw(optOut, clean) {
      clearTraces(doc, tracesOf(config, clean.services), tracesOf(config, clean.keep));
      return release.runOptOut(optOut);
    },
    stop() {
      interception.stop();
      release.stop();
    },
  };
}
