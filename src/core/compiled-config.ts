/**
 * What the per-site loader (`samtykke build-loader`, docs/site-loader.md) compiles in of a normalized config: all of
 * it but what the catalogue says already and only the parts that load later read — a built-in vendor's cookies and
 * storage keys, which the clean-up, the declaration and receipts need and the decide part, which carries the
 * catalogue, puts back. The loader and the runtime never read them (the generic loader's trusting read leaves them
 * empty too). A value the owner set that differs from the catalogue's stays in the file.
 */
import type { NormalizedConfig, NormalizedService } from './normalized.js';
import { deepFreeze } from './read-config.js';
import type { Vendor } from './vendors.js';

/** The service fields left to the catalogue. */
const FROM_CATALOGUE = ['cookies', 'storageKeys'] as const;
type FromCatalogue = (typeof FROM_CATALOGUE)[number];

/** A service as compiled in: a built-in vendor's fields that equal the catalogue's are left out. */
export type CompiledService = Omit<NormalizedService, FromCatalogue> & Partial<Pick<NormalizedService, FromCatalogue>>;
/** A normalized config as the per-site loader holds it. */
export type CompiledConfig = Omit<NormalizedConfig, 'categories'> & {
  categories: ReadonlyArray<
    Omit<NormalizedConfig['categories'][number], 'services'> & { services: readonly CompiledService[] }
  >;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The config to compile in: each built-in vendor's cookies and storage keys left out where they are the catalogue's. */
export function withoutCatalogue(config: NormalizedConfig, vendors: readonly Vendor[]): CompiledConfig {
  const compile = (service: NormalizedService): CompiledService => {
    const vendor = vendors.find((known) => known.id === service.id);
    const compiled: CompiledService = { ...service };
    for (const key of FROM_CATALOGUE) if (vendor && same(service[key], vendor[key])) delete compiled[key];
    return compiled;
  };
  return { ...config, categories: config.categories.map((c) => ({ ...c, services: c.services.map(compile) })) };
}

/** The whole normalized config again: what a compiled config left out, from the catalogue; frozen like a read one. */
export function withCatalogue(config: CompiledConfig, vendors: readonly Vendor[]): NormalizedConfig {
  const complete = (service: CompiledService): NormalizedService => {
    const vendor = vendors.find((known) => known.id === service.id);
    return { cookies: vendor?.cookies ?? [], storageKeys: vendor?.storageKeys ?? [], ...service };
  };
  return deepFreeze({
    ...config,
    categories: config.categories.map((c) => ({ ...c, services: c.services.map(complete) })),
  });
}
