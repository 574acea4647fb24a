import { findVendor, type NormalizedConfig } from '../core/index.js';
import type { Classifier } from './classify.js';
import { sameSite } from './site.js';
import type {
  Classified,
  CookieFinding,
  Leak,
  PageReport,
  RawVisit,
  RequestFinding,
  StorageFinding,
  Undeclared,
  VendorSummary,
} from './types.js';

const SKIPPED_SCHEMES = /^(data|blob|about|chrome|chrome-extension|devtools):/;

/** Classifies what one visit recorded. `siteHost` is the host the scan started on. */
export function analyzeVisit(visit: RawVisit, depth: number, classifier: Classifier, siteHost: string): PageReport {
  const classified = <T>(value: T, result: ReturnType<Classifier['cookie']>, before: boolean): T & Classified => ({
    ...value,
    ...result,
    leak: before && !classifier.allowedBeforeConsent(result),
  });
  const cookies: CookieFinding[] = visit.cookies.map((cookie) =>
    classified(
      {
        name: cookie.name,
        domain: cookie.domain,
        path: cookie.path,
        expires: cookie.expires,
        party: sameSite(cookie.domain, siteHost) ? ('first' as const) : ('third' as const),
        phase: cookie.phase,
        setBy: cookie.setBy,
      },
      classifier.cookie(cookie.name),
      cookie.phase === 'before',
    ),
  );
  const storage: StorageFinding[] = visit.storage.map((entry) =>
    classified(
      { area: entry.area, key: entry.key, origin: entry.origin, phase: entry.phase },
      classifier.storage(entry.key),
      entry.phase === 'before',
    ),
  );
  const requests = new Map<string, RequestFinding>();
  for (const request of visit.requests) {
    if (SKIPPED_SCHEMES.test(request.url)) continue;
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      continue;
    }
    const result = classifier.request(request.url, request.frame || visit.finalUrl);
    if (result.status === 'site') continue;
    const bare = `${url.origin}${url.pathname}`;
    const key = `${request.phase} ${request.type} ${bare}`;
    const known = requests.get(key);
    if (known) {
      known.count++;
      continue;
    }
    requests.set(
      key,
      classified(
        {
          host: url.host,
          url: bare,
          type: request.type,
          initiator: request.initiator,
          party: sameSite(url.hostname, siteHost) ? ('first' as const) : ('third' as const),
          phase: request.phase,
          count: 1,
        },
        result,
        request.phase === 'before',
      ),
    );
  }
  cookies.sort((a, b) => byPhase(a, b) || a.name.localeCompare(b.name) || a.domain.localeCompare(b.domain));
  storage.sort((a, b) => byPhase(a, b) || a.area.localeCompare(b.area) || a.key.localeCompare(b.key));
  return {
    url: visit.url,
    depth,
    status: visit.status,
    samtykke: visit.samtykke,
    accepted: visit.accepted,
    notes: visit.notes,
    cookies,
    storage,
    requests: [...requests.values()].sort(
      (a, b) => byPhase(a, b) || a.host.localeCompare(b.host) || a.url.localeCompare(b.url),
    ),
  };
}

// Before consent first, then by name: the order things happen in varies from run to run.
const byPhase = (a: { phase: string }, b: { phase: string }) =>
  a.phase === b.phase ? 0 : a.phase === 'before' ? -1 : 1;

/** Everything that leaked before consent, page by page. */
export function leaksOf(pages: readonly PageReport[]): Leak[] {
  const leaks: Leak[] = [];
  const add = (page: string, kind: Leak['kind'], name: string, finding: Classified) => {
    if (!finding.leak) return;
    const leak: Leak = { page, kind, name, status: finding.status };
    if (finding.service) leak.service = finding.service;
    if (finding.category) leak.category = finding.category;
    leaks.push(leak);
  };
  for (const page of pages) {
    const hosts = new Set<string>();
    for (const request of page.requests) {
      if (hosts.has(request.host) || !request.leak) continue;
      hosts.add(request.host);
      add(page.url, 'request', request.host, request);
    }
    for (const cookie of page.cookies) add(page.url, 'cookie', cookie.name, cookie);
    for (const entry of page.storage) add(page.url, 'storage', `${entry.area} ${entry.key}`, entry);
  }
  return leaks;
}

/** Catalogue vendors the config does not list, and unknown hosts, cookies and storage keys. */
export function undeclaredOf(pages: readonly PageReport[]): Undeclared[] {
  const found = new Map<string, Undeclared>();
  const note = (
    kind: Undeclared['kind'],
    id: string,
    name: string,
    page: string,
    evidence: string,
    category?: string,
  ) => {
    const key = `${kind} ${id}`;
    let entry = found.get(key);
    if (!entry) {
      entry = { kind, id, name, pages: [], evidence: [] };
      if (category) entry.category = category;
      found.set(key, entry);
    }
    if (!entry.pages.includes(page)) entry.pages.push(page);
    if (!entry.evidence.includes(evidence)) entry.evidence.push(evidence);
  };
  for (const page of pages) {
    const each = (finding: Classified, unknownKind: Undeclared['kind'], id: string, evidence: string) => {
      if (finding.status === 'undeclared' && finding.service)
        note('vendor', finding.service, vendorName(finding.service), page.url, evidence, finding.category);
      else if (finding.status === 'unknown') note(unknownKind, id, id, page.url, evidence);
    };
    for (const request of page.requests) each(request, 'host', request.host, `request ${request.host}`);
    for (const cookie of page.cookies) each(cookie, 'cookie', cookie.name, `cookie ${cookie.name}`);
    for (const entry of page.storage) each(entry, 'storage', entry.key, `${entry.area} ${entry.key}`);
  }
  return [...found.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

/** Declared services no page showed any sign of. */
export function staleOf(
  pages: readonly PageReport[],
  declared: ReadonlyMap<string, string>,
): Array<{ service: string; category: string }> {
  const seen = new Set<string>();
  for (const page of pages)
    for (const finding of [...page.requests, ...page.cookies, ...page.storage])
      if (finding.service) seen.add(finding.service);
  return [...declared]
    .filter(([service]) => !seen.has(service))
    .map(([service, category]) => ({ service, category }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** One row per service, vendor or unknown third-party host. */
export function vendorsOf(pages: readonly PageReport[], config: NormalizedConfig | undefined): VendorSummary[] {
  const rows = new Map<string, VendorSummary & { seenOn: Set<string> }>();
  const row = (id: string, finding: Classified, page: string) => {
    let entry = rows.get(id);
    if (!entry) {
      entry = {
        id,
        name: finding.service ? serviceName(finding.service, config) : id,
        status: finding.status,
        pages: 0,
        beforeConsent: false,
        hosts: [],
        cookies: [],
        storage: [],
        seenOn: new Set(),
      };
      if (finding.category) entry.category = finding.category;
      rows.set(id, entry);
    }
    entry.seenOn.add(page);
    entry.pages = entry.seenOn.size;
    if (finding.leak) entry.beforeConsent = true;
    return entry;
  };
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  for (const page of pages) {
    for (const request of page.requests) {
      if (!request.service && request.status !== 'unknown') continue;
      add(row(request.service ?? request.host, request, page.url).hosts, request.host);
    }
    for (const cookie of page.cookies)
      if (cookie.service && cookie.status !== 'own') add(row(cookie.service, cookie, page.url).cookies, cookie.name);
    for (const entry of page.storage)
      if (entry.service && entry.status !== 'own') add(row(entry.service, entry, page.url).storage, entry.key);
  }
  return [...rows.values()]
    .map(({ seenOn: _, ...summary }) => summary)
    .sort((a, b) => a.status.localeCompare(b.status) || a.id.localeCompare(b.id));
}

function vendorName(id: string): string {
  return findVendor(id)?.name ?? id;
}

function serviceName(id: string, config: NormalizedConfig | undefined): string {
  for (const category of config?.categories ?? [])
    for (const service of category.services) if (service.id === id) return service.name;
  return vendorName(id);
}
