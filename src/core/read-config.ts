/**
 * The production loader's config reader: it trusts the shape, fills every default and checks only what it must
 * to stay safe (each value of the expected type, no key it does not know). It is a fraction of
 * `normalizeConfig()`, whose path-naming messages and "did you mean" hints run in the npm build, the development
 * loader and `samtykke check-config`. For a config `normalizeConfig()` accepts, both return the same.
 */

import type { ConsentModeType } from '../types.js';
import { DEFAULT_CATEGORIES, NECESSARY } from './categories.js';
import { closest } from './errors.js';
import { unsafeUrl } from './formats.js';
import type { NormalizedConfig, NormalizedService } from './normalized.js';
import { VENDOR_HOSTS, type VendorHosts } from './vendor-hosts.js';

/** Thrown for a config the loader cannot use; `path` is where it stopped, e.g. `config.ui.layout`. */
export class UnusableConfig extends Error {
  constructor(
    readonly path: string,
    problem = 'not a value samtykke can read here',
  ) {
    super(`samtykke: ${path}: ${problem}`);
  }
}

type Input = Record<string, unknown>;
type Reader = (value: unknown, path: string) => unknown;
/**
 * How to read an object, key by key: a default string, number or boolean (the value must be of that type; a
 * string not blank, a number whole), `undefined` for an optional string, a list of options (the first is the
 * default), a nested schema, or a reader of its own.
 */
interface Schema {
  [key: string]: Schema | Reader | readonly string[] | string | number | boolean | undefined;
}

const fail = (path: string, problem?: string): never => {
  throw new UnusableConfig(path, problem);
};
const isRecord = (value: unknown): value is Input =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object's members; `__proto__` (a JSON key, never a prototype here) is refused like any unknown key. */
function members(value: unknown, path: string): Array<[string, unknown]> {
  if (value !== undefined && !isRecord(value)) fail(path);
  const result = Object.entries(value ?? {});
  for (const [key] of result) if (key === '__proto__') fail(`${path}.${key}`);
  return result;
}

/** Reads one value by its rule (see `Schema`). */
function one(rule: Schema[string], item: unknown, at: string): unknown {
  if (typeof rule === 'function') return rule(item, at);
  if (isRecord(rule)) return read(rule as Schema, item, at);
  if (item === undefined) return Array.isArray(rule) ? rule[0] : rule;
  if (Array.isArray(rule)) return rule.includes(item as string) ? item : fail(at);
  // A default's type is the type the value must have; `undefined` stands for an optional string.
  const type = rule === undefined ? 'string' : typeof rule;
  return typeof item === type &&
    (type !== 'string' || (item as string).trim() !== '') &&
    (type !== 'number' || Number.isInteger(item))
    ? item
    : fail(at);
}

/** Reads an object by its schema; only the keys the schema knows, the members that are set. */
function read(schema: Schema, value: unknown, path: string): Input {
  const known = Object.keys(schema);
  const input = Object.fromEntries(members(value, path));
  for (const key in input) {
    // A misspelt key is the likeliest mistake, and the one hint cheap enough to give here.
    const hint = known.includes(key) ? '' : closest(key, known);
    if (hint !== '') fail(`${path}.${key}`, `unknown option${hint ? `. Did you mean "${hint}"?` : ''}`);
  }
  const result: Input = {};
  for (const key of known) {
    const member = one(schema[key], input[key], `${path}.${key}`);
    if (member !== undefined) result[key] = member;
  }
  return result;
}

const text: Reader = (value, path) => one(undefined, value, path);
const need: Reader = (value, path) => text(value, path) ?? fail(path);
const lower: Reader = (value, path) => (text(value, path) as string | undefined)?.toLowerCase();
/** A list whose every item `each` reads. */
const listOf =
  (each: Reader): Reader =>
  (value, path) =>
    value === undefined
      ? undefined
      : Array.isArray(value)
        ? value.map((item, i) => each(item, `${path}[${i}]`))
        : fail(path);
const texts = listOf(need);
/** A string, or strings by language (copied). */
const localized: Reader = (value, path) => {
  if (!isRecord(value)) return text(value, path);
  for (const [key, member] of members(value, path)) if (typeof member !== 'string') fail(`${path}.${key}`);
  return { ...value };
};
/** A link samtykke puts in an `href` or loads: never a script (formats.ts). */
const url: Reader = (value, path) => {
  const link = text(value, path) as string | undefined;
  return link && unsafeUrl(link) ? fail(path) : link;
};
/** A link, or links by language. */
const links: Reader = (value, path) => {
  if (!isRecord(value)) return url(value, path);
  for (const [language, link] of members(value, path)) url(link, `${path}.${language}`);
  return { ...value };
};
/** Google Consent Mode's consent types, in the order its defaults are sent (integrations/consent-mode.ts). */
export const CONSENT_TYPES: readonly ConsentModeType[] = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
];
const types = listOf((value, path) => one(CONSENT_TYPES, value ?? fail(path), path));
const cookies = listOf((value, path) =>
  read({ name: need, expiry: need, parentDomain: false, purpose: localized, domain: undefined }, value ?? {}, path),
);

const SERVICE: Schema = {
  id: need,
  name: undefined,
  cookies,
  storageKeys: texts,
  hosts: texts,
  provider: undefined,
  purpose: localized,
  privacyPolicyUrl: url,
  recipient: undefined,
  thirdCountries: texts,
  retention: undefined,
  role: undefined,
  transfer: undefined,
  dataCategories: texts,
};

/** A built-in vendor as the catalogue at hand knows it: the loader's has only ids, categories and hosts. */
type Known = VendorHosts & Partial<Pick<NormalizedService, 'name' | 'provider' | 'cookies' | 'storageKeys'>>;
/** The catalogue of the read in progress (see `readConfig`). */
let catalogue: readonly Known[] = VENDOR_HOSTS;
const findKnown = (id: string) => catalogue.find((vendor) => vendor.id === id);

/** A service with every default filled in, in `category`; what `service` sets wins over the defaults. */
const filled = (service: Partial<NormalizedService> & { id: string }, category: string): NormalizedService => ({
  name: service.id,
  cookies: [],
  storageKeys: [],
  hosts: [],
  ...service,
  category,
});

/** A built-in vendor by id, or a service of the owner's (a built-in one's data fills what it leaves out). */
function service(value: unknown, path: string, category: string): NormalizedService {
  if (typeof value === 'string') return filled(findKnown(value) ?? fail(path), category);
  const own = read(SERVICE, value ?? fail(path), path) as unknown as NormalizedService;
  return filled({ ...findKnown(own.id), ...own }, category);
}

const categories: Reader = (value, path) => {
  const input = members(value ?? Object.fromEntries(DEFAULT_CATEGORIES.map((id) => [id, {}])), path);
  const byId = Object.fromEntries(input);
  const ids = input.map(([id]) => id);
  return [NECESSARY, ...ids.filter((id) => id !== NECESSARY)].map((id) => {
    const raw = byId[id];
    const category = read(
      { services: listOf((item, at) => service(item, at, id)), title: localized, description: localized },
      raw === true ? undefined : raw,
      `${path}.${id}`,
    );
    return { id, required: id === NECESSARY, ...category, services: category.services ?? [] };
  });
};

const SCHEMA: Schema = {
  revision: 0,
  categories,
  controller: { name: '', orgNo: undefined, contact: undefined, address: undefined, country: undefined, url },
  policy: { privacyUrl: links, cookiePolicyUrl: links, version: '1' },
  jurisdiction: undefined,
  cookie: { name: 'samtykke', domain: undefined, path: '/', maxAgeDays: 182, sameSite: ['Lax', 'Strict'] },
  language: { default: (value, path) => lower(value, path) ?? 'en', force: lower },
  texts: (value, path) =>
    Object.fromEntries(
      members(value, path).map(([lang, messages]) => [
        lang.toLowerCase(),
        isRecord(messages) ? localized(messages, `${path}.${lang}`) : fail(`${path}.${lang}`),
      ]),
    ),
  ui: {
    layout: ['bar', 'box', 'modal'],
    mustChoose: false,
    floatingButton: (value, path) => (value === false ? false : one(['bottom-left', 'bottom-right'], value, path)),
    src: url,
    nonce: undefined,
    integrity: (value, path) =>
      value === undefined ? undefined : isRecord(value) ? localized(value, path) : fail(path),
  },
  blocking: {
    auto: true,
    rules: listOf((value, path) =>
      read({ pattern: '', service: undefined, category: undefined }, value ?? fail(path), path),
    ),
    reloadOnWithdraw: true,
    undeclaredVendors: ['hold', 'release-with-category'],
  },
  consentMode: {
    enabled: true,
    mode: ['basic', 'advanced'],
    waitForUpdate: 500,
    mapping: (value, path) => ({
      statistics: ['analytics_storage'],
      marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
      preferences: ['personalization_storage'],
      ...Object.fromEntries(members(value, path).map(([id, list]) => [id, types(list, `${path}.${id}`) ?? []])),
    }),
    personalizationStorage: ['denied', 'granted'],
    regions: (value, path) =>
      listOf((item, at) => {
        const region = read({ region: texts, granted: types }, item, at);
        return { region: region.region ?? [], granted: region.granted ?? [] };
      })(value, path) ?? [],
    adsDataRedaction: true,
    urlPassthrough: false,
  },
  gpc: true,
  ledger: { endpoint: undefined, historyLimit: 100, timeoutMs: 10_000 },
};

/** Freezes a value and everything in it: a config page code can read through `Samtykke.config` but never change. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/** How the law a controller follows is found from its country (`jurisdiction.ts`). */
export type JurisdictionOf = (country: unknown) => string;

/**
 * Reads a config as the production loader does: every default filled in, frozen. The loader reads it with the
 * catalogue's hosts alone, which is all the blocker needs, and leaves `jurisdiction` as written, which only
 * receipts record; the parts that record decisions read it again with the whole catalogue (`vendors.ts`) and
 * `jurisdictionOf`, so built-in vendors are named, their cookies declared and the jurisdiction follows from the
 * controller's country, as `normalizeConfig()` does.
 * @throws UnusableConfig at the first value of the wrong type or key it does not know.
 */
export function readConfig(
  input: unknown,
  vendors: readonly Known[] = VENDOR_HOSTS,
  jurisdictionOf?: JurisdictionOf,
): NormalizedConfig {
  catalogue = vendors;
  try {
    const config = readWith(input);
    if (jurisdictionOf) config.jurisdiction ??= jurisdictionOf((config.controller as Input).country);
    return deepFreeze(config as unknown as NormalizedConfig);
  } finally {
    catalogue = VENDOR_HOSTS;
  }
}

function readWith(input: unknown): Input {
  const config = read(SCHEMA, input, 'config');
  const blocking = config.blocking as Input;
  blocking.rules ??= [];
  // Built-in vendors nobody listed join their catalogue category when the owner lets them run with it.
  if (blocking.undeclaredVendors === 'release-with-category') {
    const list = config.categories as NormalizedConfig['categories'];
    const listed = new Set(list.flatMap((category) => category.services.map((service) => service.id)));
    for (const vendor of catalogue) {
      const home = list.find((category) => category.id === vendor.category);
      if (home && !listed.has(vendor.id))
        (home.services as NormalizedService[]).push({ ...filled(vendor, vendor.category), implicit: true });
    }
  }
  return config;
}
