/**
 * What a decision lets run: the questions the critical loader answers from the cookie before anything else has
 * loaded (the blocker's verdicts, `Samtykke.isGranted`), kept apart from the rules that change a decision.
 */
import type { Decision } from '../types.js';
import { NECESSARY } from './categories.js';
import type { NormalizedConfig } from './normalized.js';
import { findVendorHosts } from './vendor-hosts.js';

/** The category a configured service belongs to, or undefined when the config does not list it. */
export function categoryOfService(config: NormalizedConfig, serviceId: string | undefined): string | undefined {
  return config.categories.find((c) => c.services.some((s) => s.id === serviceId))?.id;
}

/** Whether a decision lets a category (or one service of it) run. A built-in vendor must be declared or allowed on its own. */
export function allows(
  config: NormalizedConfig,
  decision: Decision | null,
  category: string,
  service?: string,
): boolean {
  if (service !== undefined) {
    if (decision?.services.includes(service)) return true;
    if (isUndeclared(config, service)) return false;
  }
  return category === NECESSARY || (decision?.granted.includes(category) ?? false);
}

/** A built-in vendor the owner did not declare: it never runs with its category, only on its own. */
export function isUndeclared(config: NormalizedConfig, service: string): boolean {
  return categoryOfService(config, service) === undefined && findVendorHosts(service) !== undefined;
}

/** Whether a service may run under a decision (its own category is looked up). */
export function allowsService(config: NormalizedConfig, decision: Decision | null, service: string): boolean {
  const category = categoryOfService(config, service) ?? findVendorHosts(service)?.category ?? '';
  return allows(config, decision, category, service);
}
