import type {
  BannerLayout,
  ConsentModeType,
  ControllerInfo,
  CookieDeclaration,
  Corner,
  LocalizedText,
  RecipientRole,
  RuleConfig,
  TransferMechanism,
} from '../types.js';

/** A service after validation and merging with the built-in vendor data. */
export interface NormalizedService {
  id: string;
  /** The category it belongs to. */
  category: string;
  name: string;
  provider?: string;
  purpose?: LocalizedText;
  privacyPolicyUrl?: string;
  cookies: readonly CookieDeclaration[];
  storageKeys: readonly string[];
  recipient?: string;
  /** Outside the EEA; filled in for built-in vendors by `withVendorDetails`, which defaults it to `[]`. */
  thirdCountries?: readonly string[];
  retention?: string;
  role?: RecipientRole;
  transfer?: TransferMechanism;
  dataCategories?: readonly string[];
  /** URL patterns that belong to this service (see `ServiceConfig.hosts`). */
  hosts: readonly string[];
  /**
   * A built-in vendor the owner did not list, placed in its catalogue category because the owner let undeclared
   * vendors run with their category (`blocking.undeclaredVendors: 'release-with-category'`).
   */
  implicit?: true;
}

export interface NormalizedCategory {
  id: string;
  /** Only `necessary`: always granted, cannot be switched off. */
  required: boolean;
  /** Owner's title; absent for built-in ids, whose title comes from the language files. */
  title?: LocalizedText;
  description?: LocalizedText;
  services: readonly NormalizedService[];
}

/** The config after `normalizeConfig()`: every default filled in, everything checked, frozen. */
export interface NormalizedConfig {
  revision: number;
  /** `necessary` first, then in the owner's order. */
  categories: readonly NormalizedCategory[];
  controller: ControllerInfo;
  policy: { privacyUrl?: LocalizedText; cookiePolicyUrl?: LocalizedText; version: string };
  /**
   * From the controller's country unless set. The loader's own read (`Kernel.config`, what `window.Samtykke.config`
   * answers before the decide part is here) leaves it as written: only receipts record it.
   */
  jurisdiction: string;
  cookie: { name: string; domain?: string; path: string; maxAgeDays: number; sameSite: 'Lax' | 'Strict' };
  language: { default: string; force?: string };
  /** Per-language text overrides, keyed by language then message key. */
  texts: Readonly<Record<string, Readonly<Record<string, string>>>>;
  ui: {
    layout: BannerLayout;
    mustChoose: boolean;
    floatingButton: Corner | false;
    src?: string;
    nonce?: string;
    integrity?: Readonly<Record<string, string>>;
  };
  blocking: {
    auto: boolean;
    rules: readonly RuleConfig[];
    reloadOnWithdraw: boolean;
    undeclaredVendors: 'hold' | 'release-with-category';
  };
  consentMode: {
    enabled: boolean;
    mode: 'basic' | 'advanced';
    waitForUpdate: number;
    mapping: Readonly<Record<string, readonly ConsentModeType[]>>;
    personalizationStorage: 'granted' | 'denied';
    regions: ReadonlyArray<{ region: readonly string[]; granted: readonly ConsentModeType[] }>;
    adsDataRedaction: boolean;
    urlPassthrough: boolean;
  };
  gpc: boolean;
  ledger: { endpoint?: string; historyLimit: number; timeoutMs: number };
}
