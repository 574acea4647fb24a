import type { LocalizedText, RecipientRole, TransferMechanism } from '../types.js';
import { BUILT_IN_CATEGORIES, DEFAULT_CATEGORIES, isBuiltInCategory, NECESSARY } from './categories.js';
import { ConfigError, closest, describeValue, expected } from './errors.js';
import { CATEGORY_ID, HOST_PATTERN, ISO_DURATION, SERVICE_ID, unsafeUrl } from './formats.js';
import { jurisdictionOf } from './jurisdiction.js';
import type { NormalizedConfig } from './normalized.js';
import { CONSENT_TYPES, readConfig } from './read-config.js';
import { findVendor, VENDORS } from './vendors.js';

/**
 * ISO 8601 duration (`P2Y`, `P1DT12H`, `PT30M`) or `session`. A test rather than a RegExp built at the top level,
 * which would keep this module (and the loader's ISO_DURATION) in every bundle that imports anything of core.
 */
const DURATION = { test: (text: string) => text === 'session' || ISO_DURATION.test(text) };
/** What a string option must match. */
type Pattern = Pick<RegExp, 'test'>;
/** host, `*.host`, or host + path prefix; no scheme, no spaces. */
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;
/** Keys owners reach for to pre-tick a category; each gets a specific refusal. */
const PRE_TICK_KEYS = ['enabled', 'default', 'defaultEnabled', 'checked', 'preChecked', 'granted', 'readOnly'];

type Input = Record<string, unknown>;

/**
 * Where problems go: {@link normalizeConfig} throws the first, {@link configProblems} collects them all. Each
 * check reports and goes on with its default, so both walk the config the same way and the first problem
 * collected is the one thrown. Validation is synchronous, so one module-level list is enough.
 */
let collected: ConfigError[] | undefined;

function report(error: ConfigError): void {
  if (!collected) throw error;
  if (!collected.some((other) => other.message === error.message)) collected.push(error);
}

function isRecord(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an optional object and rejects keys we do not know, with a "did you mean" hint. */
function object(value: unknown, path: string, keys: readonly string[]): Input {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    report(expected(path, 'an object', value));
    return {};
  }
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) continue;
    const hint = closest(key, keys);
    report(
      new ConfigError(
        `${path}.${key}`,
        `unknown option${hint ? `. Did you mean "${hint}"?` : `; known options are ${keys.join(', ')}`}`,
      ),
    );
  }
  return value;
}

function optionalString(value: unknown, path: string, pattern?: Pattern, what = 'a string'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || (pattern && !pattern.test(value))) {
    report(expected(path, what, value));
    return undefined;
  }
  return value;
}

function required(value: unknown, path: string, pattern?: Pattern, what?: string): string {
  if (value === undefined) {
    report(expected(path, what ?? 'a string', value));
    return '';
  }
  return optionalString(value, path, pattern, what) ?? '';
}

function boolean(value: unknown, path: string): void {
  if (value !== undefined && typeof value !== 'boolean') report(expected(path, 'true or false', value));
}

function integer(value: unknown, path: string, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    report(expected(path, `a whole number from ${min} to ${max}`, value));
}

function oneOf(value: unknown, path: string, options: readonly string[]): void {
  if (value !== undefined && !options.includes(value as string))
    report(expected(path, `one of ${options.map((o) => `"${o}"`).join(', ')}`, value));
}

function array(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  report(expected(path, 'an array', value));
  return [];
}

function strings(value: unknown, path: string, pattern?: RegExp, what = 'a string'): string[] {
  return array(value, path).map((item, i) => required(item, `${path}[${i}]`, pattern, what));
}

function url(value: unknown, path: string): string | undefined {
  const text = optionalString(value, path, undefined, 'a URL');
  // Relative URLs are fine for links and endpoints; only a scheme we would never follow is refused.
  if (text === undefined || !unsafeUrl(text)) return text;
  report(expected(path, 'an http(s) URL', value));
  return undefined;
}

/** One or more SRI hashes (`sha384-…`), space-separated as in the `integrity` attribute. */
const SRI = /^sha(256|384|512)-[\w+/]+=*( sha(256|384|512)-[\w+/]+=*)*$/;

/** `{ 'samtykke-ui.nb.js': 'sha384-…' }`: the hashes the loader puts on the files it loads lazily. */
function integrityHashes(value: unknown, path: string): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    report(expected(path, 'SRI hashes by file name', value));
    return undefined;
  }
  for (const file in value) required(value[file], `${path}.${file}`, SRI, 'an SRI hash (sha384-…)');
  return Object.freeze({ ...(value as Record<string, string>) });
}

/**
 * Where receipts go: an absolute http(s) URL, or a path on this site starting with `/`. A page-relative path
 * would change with every page (and 404), a typo in the scheme would never connect: both would lose receipts.
 */
function endpointUrl(value: unknown, path: string): string | undefined {
  const text = optionalString(value, path, undefined, 'a URL');
  // The URL parser accepts "htps:" and "ftp:", and trims spaces: test the text as written.
  if (text === undefined || /^(https?:\/\/[^/\s]|\/(?!\/))\S*$/i.test(text)) return text;
  report(expected(path, 'an absolute http(s) URL or a path starting with "/"', value));
  return undefined;
}

function localized(value: unknown, path: string): LocalizedText | undefined {
  if (value === undefined || typeof value === 'string') return optionalString(value, path);
  if (!isRecord(value)) {
    report(expected(path, 'a string or an object of strings by language', value));
    return undefined;
  }
  for (const [language, text] of Object.entries(value)) {
    if (!LANGUAGE.test(language)) report(expected(`${path}.${language}`, 'a language code such as "nb"', language));
    else if (typeof text !== 'string') report(expected(`${path}.${language}`, 'a string', text));
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

/**
 * One link for every language, or one per language (`{ nb: '/personvern', en: '/en/privacy' }`): checked as
 * per-language text, then each link as a URL.
 */
function localizedUrl(value: unknown, path: string): LocalizedText | undefined {
  if (!isRecord(value)) return url(value, path);
  const links = localized(value, path) as Record<string, unknown>;
  for (const language in links) if (typeof links[language] === 'string') url(links[language], `${path}.${language}`);
  return links as LocalizedText;
}

function cookieDeclarations(value: unknown, path: string): void {
  array(value, path).forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(item)) {
      report(expected(at, item === undefined ? 'an object with name and expiry' : 'an object', item));
      return;
    }
    const cookie = object(item, at, ['name', 'expiry', 'purpose', 'parentDomain', 'domain']);
    required(cookie.name, `${at}.name`, /^[^\s;=,]+$/, 'a cookie name (use * as a wildcard)');
    required(cookie.expiry, `${at}.expiry`, DURATION, 'an ISO 8601 duration such as "P2Y", or "session"');
    boolean(cookie.parentDomain, `${at}.parentDomain`);
    localized(cookie.purpose, `${at}.purpose`);
    // Shown only, never used to block or delete: any text will do.
    optionalString(cookie.domain, `${at}.domain`);
  });
}

/** What a recipient is to the controller (`ServiceConfig.role`). */
const RECIPIENT_ROLES: readonly RecipientRole[] = ['processor', 'joint-controller', 'controller'];
/** The grounds for a transfer outside the EEA (`ServiceConfig.transfer`). */
const TRANSFER_MECHANISMS: readonly TransferMechanism[] = ['adequacy', 'scc', 'bcr', 'derogation'];
/** A kind of personal data, in the words of docs/ledger.md or the owner's own: `online-identifier`, `usage`. */
const DATA_CATEGORY = /^[a-z][a-z0-9-]{0,99}$/;

const SERVICE_KEYS = [
  'id',
  'name',
  'provider',
  'purpose',
  'privacyPolicyUrl',
  'cookies',
  'storageKeys',
  'recipient',
  'thirdCountries',
  'retention',
  'role',
  'transfer',
  'dataCategories',
  'hosts',
];

/** Checks a service; its id (`''` when it has none it can be known by), for the checks across services. */
function service(value: unknown, path: string): string {
  if (typeof value === 'string') {
    if (!findVendor(value)) {
      const hint = closest(
        value,
        VENDORS.map((v) => v.id),
      );
      report(
        new ConfigError(
          path,
          `unknown built-in service ${describeValue(value)}${hint ? `. Did you mean "${hint}"?` : '; give a full service object instead'}`,
        ),
      );
    }
    return value;
  }
  if (!isRecord(value)) {
    report(expected(path, value === undefined ? 'a built-in service id or a service object' : 'an object', value));
    return '';
  }
  const input = object(value, path, SERVICE_KEYS);
  const id = required(input.id, `${path}.id`, SERVICE_ID, 'a lower-case service id such as "chat-widget"');
  optionalString(input.name, `${path}.name`);
  if (input.cookies !== undefined) cookieDeclarations(input.cookies, `${path}.cookies`);
  if (input.storageKeys !== undefined) strings(input.storageKeys, `${path}.storageKeys`);
  if (input.hosts !== undefined)
    strings(
      input.hosts,
      `${path}.hosts`,
      HOST_PATTERN,
      'a host pattern such as "static.example.com" or "*.example.com/path"',
    );
  optionalString(input.provider, `${path}.provider`);
  localized(input.purpose, `${path}.purpose`);
  url(input.privacyPolicyUrl, `${path}.privacyPolicyUrl`);
  optionalString(input.recipient, `${path}.recipient`);
  if (input.thirdCountries !== undefined)
    strings(input.thirdCountries, `${path}.thirdCountries`, /^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "US"');
  optionalString(input.retention, `${path}.retention`, DURATION, 'an ISO 8601 duration such as "P14M"');
  oneOf(input.role, `${path}.role`, RECIPIENT_ROLES);
  oneOf(input.transfer, `${path}.transfer`, TRANSFER_MECHANISMS);
  if (input.dataCategories !== undefined)
    strings(input.dataCategories, `${path}.dataCategories`, DATA_CATEGORY, 'a lower-case kind of data such as "usage"');
  return id;
}

/** A category as the checks across categories need it: its id and its services' ids. */
interface Checked {
  id: string;
  services: string[];
}

function category(id: string, value: unknown, path: string): Checked {
  let given = value === true ? undefined : value;
  if (isRecord(given) && id !== NECESSARY) {
    const preTick = PRE_TICK_KEYS.find((key) => key in (given as Input));
    if (preTick) {
      report(
        new ConfigError(
          `${path}.${preTick}`,
          'a category other than "necessary" cannot be on before the visitor chooses (consent must be an active opt-in)',
        ),
      );
      // Said once: not "unknown option" as well.
      const { [preTick]: _, ...rest } = given;
      given = rest;
    }
  }
  if (given !== undefined && !isRecord(given)) {
    report(expected(path, 'an object with title, description and services (or true)', value));
    given = undefined;
  }
  const input = object(given, path, ['title', 'description', 'services']);
  const services = array(input.services, `${path}.services`).map((item, i) => service(item, `${path}.services[${i}]`));
  const title = localized(input.title, `${path}.title`);
  localized(input.description, `${path}.description`);
  if (!isBuiltInCategory(id) && title === undefined) {
    report(expected(`${path}.title`, 'a title for a custom category', undefined));
  }
  return { id, services };
}

function categories(value: unknown): Checked[] {
  const path = 'config.categories';
  if (value !== undefined && !isRecord(value)) report(expected(path, 'an object of categories by id', value));
  const input: Input = isRecord(value) ? value : Object.fromEntries(DEFAULT_CATEGORIES.map((id) => [id, {}]));
  const ids = Object.keys(input).filter((id, _, all) => {
    if (!CATEGORY_ID.test(id)) {
      report(expected(`${path}`, 'category ids of lower-case letters, digits, - and _', id));
      return false;
    }
    const hint = isBuiltInCategory(id) ? undefined : closest(id, BUILT_IN_CATEGORIES);
    if (hint && !all.includes(hint)) {
      report(new ConfigError(`${path}.${id}`, `unknown category "${id}". Did you mean "${hint}"?`));
      return false;
    }
    return true;
  });
  const ordered = [NECESSARY, ...ids.filter((id) => id !== NECESSARY)];
  const result = ordered.map((id) => category(id, input[id], `${path}.${id}`));
  const seen = new Map<string, string>();
  for (const cat of result) {
    cat.services.forEach((id, i) => {
      const other = seen.get(id);
      if (other) {
        report(
          new ConfigError(
            `${path}.${cat.id}.services[${i}]`,
            `service "${id}" is already in category "${other}"; a service belongs to one category`,
          ),
        );
      }
      // An unreadable service (no id) was reported already.
      if (id) seen.set(id, cat.id);
    });
  }
  return result;
}

/** A rule's target as the check against the categories and services needs it. */
interface RuleTarget {
  service?: string;
  category?: string;
}

function rules(value: unknown, path: string): RuleTarget[] {
  return array(value, path).map((item, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(item)) {
      report(expected(at, 'an object with pattern and service or category', item));
      return {};
    }
    const rule = object(item, at, ['pattern', 'service', 'category']);
    optionalString(rule.pattern, `${at}.pattern`, HOST_PATTERN, 'a host pattern such as "cdn.example.com/widget"');
    const service = optionalString(rule.service, `${at}.service`, SERVICE_ID, 'a service id');
    const category = optionalString(rule.category, `${at}.category`, CATEGORY_ID, 'a category id');
    // A rule with a malformed target was reported for it; one with none at all is reported here.
    if (rule.service === undefined && rule.category === undefined) {
      report(expected(`${at}.category`, 'a category or a service for the rule', undefined));
    }
    return { service, category };
  });
}

function consentMode(value: unknown): void {
  const path = 'config.consentMode';
  const input = object(value, path, [
    'enabled',
    'mode',
    'waitForUpdate',
    'mapping',
    'personalizationStorage',
    'regions',
    'adsDataRedaction',
    'urlPassthrough',
  ]);
  const typeList = (list: unknown, at: string) => {
    for (const [i, type] of array(list, at).entries()) oneOf(type, `${at}[${i}]`, CONSENT_TYPES);
  };
  if (input.mapping !== undefined) {
    if (!isRecord(input.mapping))
      report(expected(`${path}.mapping`, 'an object of consent types by category', input.mapping));
    else for (const [cat, types] of Object.entries(input.mapping)) typeList(types, `${path}.mapping.${cat}`);
  }
  boolean(input.enabled, `${path}.enabled`);
  oneOf(input.mode, `${path}.mode`, ['basic', 'advanced']);
  integer(input.waitForUpdate, `${path}.waitForUpdate`, 0, 10_000);
  oneOf(input.personalizationStorage, `${path}.personalizationStorage`, ['granted', 'denied']);
  array(input.regions, `${path}.regions`).forEach((item, i) => {
    const at = `${path}.regions[${i}]`;
    const region = object(item, at, ['region', 'granted']);
    strings(region.region, `${at}.region`, /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'ISO 3166-2 codes such as "US" or "US-CA"');
    typeList(region.granted, `${at}.granted`);
  });
  boolean(input.adsDataRedaction, `${path}.adsDataRedaction`);
  boolean(input.urlPassthrough, `${path}.urlPassthrough`);
}

function texts(value: unknown): void {
  const path = 'config.texts';
  if (value === undefined) return;
  if (!isRecord(value)) {
    report(expected(path, 'an object of texts by language', value));
    return;
  }
  for (const [language, messages] of Object.entries(value)) {
    if (!LANGUAGE.test(language)) {
      report(expected(path, 'language codes such as "nb" as keys', language));
      continue;
    }
    if (!isRecord(messages)) {
      report(expected(`${path}.${language}`, 'an object of texts by key', messages));
      continue;
    }
    for (const [key, text] of Object.entries(messages)) {
      if (typeof text !== 'string') report(expected(`${path}.${language}.${key}`, 'a string', text));
    }
  }
}

const TOP_LEVEL_KEYS = [
  'revision',
  'categories',
  'controller',
  'policy',
  'jurisdiction',
  'cookie',
  'language',
  'texts',
  'ui',
  'blocking',
  'consentMode',
  'gpc',
  'ledger',
];

/**
 * Every problem in a raw config, in the order {@link normalizeConfig} meets them (the first is the one it
 * throws), at most one per message; empty when the config is usable.
 */
export function configProblems(input: unknown): ConfigError[] {
  const outer = collected;
  const problems: ConfigError[] = [];
  collected = problems;
  try {
    check(input);
  } finally {
    collected = outer;
  }
  return problems;
}

/**
 * Checks a raw config once, fills every default and returns it frozen. Everything downstream trusts the result.
 * The checks are here; the reading, and every default, is the production loader's (`readConfig`), so the npm
 * build and the script tags read a config one way.
 * @throws ConfigError naming the path, what was expected and what was given.
 */
export function normalizeConfig(input: unknown): NormalizedConfig {
  check(input);
  return readConfig(input, VENDORS, jurisdictionOf);
}

/** Reports each problem of a raw config (throws the first, unless they are being collected). */
function check(input: unknown): void {
  const config = object(input, 'config', TOP_LEVEL_KEYS);
  const controller = object(config.controller, 'config.controller', [
    'name',
    'orgNo',
    'contact',
    'address',
    'country',
    'url',
  ]);
  const policy = object(config.policy, 'config.policy', ['privacyUrl', 'cookiePolicyUrl', 'version']);
  const cookie = object(config.cookie, 'config.cookie', ['name', 'domain', 'path', 'maxAgeDays', 'sameSite']);
  const language = object(config.language, 'config.language', ['default', 'force']);
  const ui = object(config.ui, 'config.ui', ['layout', 'mustChoose', 'floatingButton', 'src', 'nonce', 'integrity']);
  const blocking = object(config.blocking, 'config.blocking', [
    'auto',
    'rules',
    'reloadOnWithdraw',
    'undeclaredVendors',
  ]);
  oneOf(blocking.undeclaredVendors, 'config.blocking.undeclaredVendors', ['hold', 'release-with-category']);
  const ledger = object(config.ledger, 'config.ledger', ['endpoint', 'historyLimit', 'timeoutMs']);
  const languageCode = (value: unknown, path: string) =>
    optionalString(value, path, LANGUAGE, 'a language code such as "nb"');

  integer(config.revision, 'config.revision', 0, 1_000_000);
  const offered = categories(config.categories);
  const controllerName = optionalString(controller.name, 'config.controller.name');
  optionalString(controller.orgNo, 'config.controller.orgNo');
  optionalString(controller.contact, 'config.controller.contact');
  optionalString(controller.address, 'config.controller.address');
  optionalString(
    controller.country,
    'config.controller.country',
    /^[A-Z]{2}$/,
    'an ISO 3166-1 alpha-2 code such as "NO"',
  );
  url(controller.url, 'config.controller.url');
  localizedUrl(policy.privacyUrl, 'config.policy.privacyUrl');
  localizedUrl(policy.cookiePolicyUrl, 'config.policy.cookiePolicyUrl');
  optionalString(policy.version, 'config.policy.version');
  optionalString(
    config.jurisdiction,
    'config.jurisdiction',
    /^([A-Z]{2}|EU|EEA)$/,
    'an ISO 3166-1 alpha-2 code, "EU" or "EEA"',
  );
  optionalString(cookie.name, 'config.cookie.name', /^[A-Za-z0-9_-]+$/, 'a cookie name of letters, digits, - and _');
  optionalString(
    cookie.domain,
    'config.cookie.domain',
    /^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i,
    'a domain such as ".example.no"',
  );
  optionalString(cookie.path, 'config.cookie.path', /^\/\S*$/, 'a path starting with "/"');
  integer(cookie.maxAgeDays, 'config.cookie.maxAgeDays', 1, 395);
  oneOf(cookie.sameSite, 'config.cookie.sameSite', ['Lax', 'Strict']);
  languageCode(language.default, 'config.language.default');
  languageCode(language.force, 'config.language.force');
  texts(config.texts);
  oneOf(ui.layout, 'config.ui.layout', ['bar', 'box', 'modal']);
  boolean(ui.mustChoose, 'config.ui.mustChoose');
  if (ui.floatingButton !== false)
    oneOf(ui.floatingButton, 'config.ui.floatingButton', ['bottom-left', 'bottom-right']);
  url(ui.src, 'config.ui.src');
  optionalString(ui.nonce, 'config.ui.nonce');
  integrityHashes(ui.integrity, 'config.ui.integrity');
  boolean(blocking.auto, 'config.blocking.auto');
  const targets = rules(blocking.rules, 'config.blocking.rules');
  boolean(blocking.reloadOnWithdraw, 'config.blocking.reloadOnWithdraw');
  consentMode(config.consentMode);
  boolean(config.gpc, 'config.gpc');
  const endpoint = endpointUrl(ledger.endpoint, 'config.ledger.endpoint');
  integer(ledger.historyLimit, 'config.ledger.historyLimit', 1, 10_000);
  integer(ledger.timeoutMs, 'config.ledger.timeoutMs', 100, 120_000);
  checkRuleTargets(offered, targets);
  // A receipt must name who is responsible for the processing (ISO/IEC TS 27560 party_name).
  if (endpoint && !controllerName) {
    report(
      expected(
        'config.controller.name',
        'the legal name of the site owner when config.ledger.endpoint is set',
        controller.name,
      ),
    );
  }
}

/** Rules must point at a service or category that exists, or they would silently never release. */
function checkRuleTargets(offered: readonly Checked[], targets: readonly RuleTarget[]): void {
  const categoryIds = offered.map((c) => c.id);
  const serviceIds = [...offered.flatMap((c) => c.services), ...VENDORS.map((v) => v.id)];
  targets.forEach((rule, i) => {
    if (rule.service && !serviceIds.includes(rule.service)) {
      const hint = closest(rule.service, serviceIds);
      report(
        new ConfigError(
          `config.blocking.rules[${i}].service`,
          `no service "${rule.service}" in the config${hint ? `. Did you mean "${hint}"?` : ''}`,
        ),
      );
    }
    if (rule.category && !categoryIds.includes(rule.category)) {
      report(
        new ConfigError(
          `config.blocking.rules[${i}].category`,
          `no category "${rule.category}"; known categories are ${categoryIds.join(', ')}`,
        ),
      );
    }
  });
}
