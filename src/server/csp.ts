/**
 * The server-side backstop: a Content-Security-Policy derived from the visitor's decision cookie. The browser
 * enforces a policy on every request a document makes — the preload scanner, scripts that run before the
 * loader, dynamic `import()`, CSS `url()`, workers created from a blob, `srcdoc` documents (they inherit the
 * policy) — where JavaScript patching has no hook. Only the hosts of what is granted are listed, so nothing
 * else can load; a policy cannot be relaxed from the page, so after a new decision the page must reload
 * (the loader does on withdrawal; after a grant the released tags are already allowed on the next page).
 *
 * CSP sees hosts and paths, never query strings: a rule with a query (`gtag/js?id=AW-`) allows its whole path
 * here, and one host's path rules are joined. The loader keeps enforcing the finer rules in the page.
 */
import { POLICY_NAME } from '../blocker/trusted-types.js';
import { GOOGLE_TAGS, type NormalizedConfig, normalizeConfig, readDecision, VENDORS } from '../core/index.js';

/** The directives the policy sets; every other directive is left to the site's own policy. */
export type CspDirective = 'script-src' | 'connect-src' | 'img-src' | 'frame-src';

export interface ConsentCspOptions {
  /** The site's samtykke config, as given to the loader (`window.samtykkeConfig`). */
  config: unknown;
  /** The request's `Cookie` header (or `undefined`). */
  cookie: string | undefined;
  /**
   * Sources the site itself needs besides `'self'`, per directive: a nonce for its inline scripts
   * (`"'nonce-…'"`, fresh per response), its CDN, the host samtykke's files come from if not the site.
   */
  sources?: Partial<Record<CspDirective, readonly string[]>>;
  /**
   * Require Trusted Types, allowing samtykke's policy and these (the site's own policy names, `'default'`,
   * `'allow-duplicates'`): adds `require-trusted-types-for 'script'; trusted-types samtykke …`. Leave it out if
   * your own header already requires Trusted Types — then add `samtykke` to its `trusted-types` list: every
   * policy a page gets is enforced, so a list here without your names would refuse your policies.
   */
  trustedTypes?: readonly string[];
  /** @default Date.now() */
  now?: number;
}

const DIRECTIVES: readonly CspDirective[] = ['script-src', 'connect-src', 'img-src', 'frame-src'];
/** CSP's grammar of a `trusted-types` entry. */
const TT_NAME = /^(?:[\w\-#=/@.%]+|'allow-duplicates'|\*)$/;

/** A host pattern (`*.host`, `host/path?query`) as CSP sources: scheme-less, so they follow the page's https. */
export function patternSources(pattern: string): string[] {
  const slash = pattern.indexOf('/');
  const host = slash < 0 ? pattern : pattern.slice(0, slash);
  // The query is not CSP's to match; `;` and `,` would end the source list.
  const path = (slash < 0 ? '' : pattern.slice(slash)).replace(/\?.*$/, '').replace(/[;,\s]/g, encodeURIComponent);
  const hosts = host.startsWith('*.') ? [host, host.slice(2)] : [host];
  return hosts.flatMap((h) => {
    if (!path || path === '/') return [h];
    // A source path ending in `/` matches as a prefix; one without matches only itself.
    return path.endsWith('/') ? [h + path] : [h + path, `${h + path}/`];
  });
}

/** The hosts patterns of everything the decision allows (necessary always), by the loader's own rules. */
function grantedPatterns(config: NormalizedConfig, granted: ReadonlySet<string>, services: ReadonlySet<string>) {
  const allowed = (category: string | undefined, service?: string) =>
    (category !== undefined && granted.has(category)) || (service !== undefined && services.has(service));
  const configured = new Map<string, string>();
  for (const category of config.categories) {
    for (const service of category.services) configured.set(service.id, category.id);
  }
  const advanced = config.consentMode.enabled && config.consentMode.mode === 'advanced';
  const patterns: string[] = [];
  for (const vendor of VENDORS) {
    const category = configured.get(vendor.id) ?? vendor.category;
    if (allowed(category, vendor.id) || (advanced && GOOGLE_TAGS.includes(vendor.id))) patterns.push(...vendor.hosts);
  }
  for (const category of config.categories) {
    for (const service of category.services) {
      if (!VENDORS.some((v) => v.id === service.id) && allowed(category.id, service.id))
        patterns.push(...service.hosts);
    }
  }
  for (const rule of config.blocking.rules) {
    const category = rule.category ?? (rule.service ? configured.get(rule.service) : undefined);
    if (allowed(category, rule.service)) patterns.push(rule.pattern);
  }
  return patterns;
}

/**
 * The `Content-Security-Policy` header value for one response: `script-src`, `connect-src`, `img-src` and
 * `frame-src` allow `'self'`, the site's `sources` and the hosts of the granted services, nothing else. Send
 * it as its own header next to any policy the site has; browsers enforce every policy they get. A config
 * error throws (`ConfigError`, naming the key), like the loader.
 */
export function consentCsp(options: ConsentCspOptions): string {
  const config = normalizeConfig(options.config);
  const stored = readDecision({ cookie: options.cookie ?? '' }, config, options.now ?? Date.now());
  // Expired or outdated decisions are asked again by the loader; until then nothing is granted.
  const decision = stored.status === 'valid' ? stored.decision : null;
  const granted = new Set(['necessary', ...(decision?.granted ?? [])]);
  const hosts = [
    ...new Set(grantedPatterns(config, granted, new Set(decision?.services ?? [])).flatMap(patternSources)),
  ];
  const endpoint = config.ledger.endpoint ? originOf(config.ledger.endpoint) : undefined;
  const policy = DIRECTIVES.map((directive) => {
    const own = ["'self'", ...(directive === 'img-src' ? ['data:', 'blob:'] : [])];
    if (directive === 'connect-src' && endpoint) own.push(endpoint);
    const list = [...new Set([...own, ...(options.sources?.[directive] ?? []), ...hosts])];
    return `${directive} ${list.join(' ')}`;
  });
  if (options.trustedTypes) {
    for (const name of options.trustedTypes) {
      // A name with `;` or a space would end the directive and start another.
      if (!TT_NAME.test(name))
        throw new TypeError(
          `consentCsp: trustedTypes: expected Trusted Types policy names (letters, digits and -#=_/@.%) or 'allow-duplicates', got ${JSON.stringify(name)}`,
        );
    }
    // The name is spelled once, where the loader creates the policy.
    const names = [...new Set([POLICY_NAME, ...options.trustedTypes])];
    policy.push("require-trusted-types-for 'script'", `trusted-types ${names.join(' ')}`);
  }
  return policy.join('; ');
}

/** The origin of an absolute URL (the ledger endpoint may be on another host); relative ones are 'self'. */
function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
