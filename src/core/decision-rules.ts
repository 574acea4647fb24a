/**
 * What a change of mind means, as one pure function: given the decision in force, the change asked for and who
 * asked, it says what the new decision is, what stops being allowed, whose traces are deleted, whether the page
 * must start afresh and what the receipt records. The composition root only carries the answer out.
 */
import type { Decision, DecisionAction, ReceiptState } from '../types.js';
import { allows, allowsService, isUndeclared } from './allows.js';
import { NECESSARY } from './categories.js';
import {
  acceptAllDecision,
  categoryOfService,
  type DecisionContext,
  grantsAnything,
  makeDecision,
} from './decision.js';
import type { NormalizedConfig } from './normalized.js';
import { findVendor, VENDORS } from './vendors.js';

export { allows, allowsService, isUndeclared };

/** A change the visitor (or page code, or another tab) asks for. */
export type DecisionRequest =
  | { kind: 'accept-all' }
  | { kind: 'reject-all' }
  /** Exactly these categories; `services` allowed on their own (default: the ones allowed so far stay). */
  | { kind: 'accept'; categories: readonly string[]; services?: readonly string[] }
  /** One service, from its placeholder or the API, without its category. */
  | { kind: 'allow-service'; service: string }
  /** Everything but necessary. */
  | { kind: 'withdraw' }
  /** One service; the rest of its category stays allowed. */
  | { kind: 'withdraw-service'; service: string }
  /** "Delete my data": a withdrawal of everything, after which the decision is forgotten. */
  | { kind: 'erase' }
  /** The stored decision changed elsewhere (another tab, a page restored from the back/forward cache). */
  | { kind: 'external'; decision: Decision | null };

/**
 * Who asked. Only samtykke's own UI and the placeholders' buttons, acting on an event the browser dispatched for a
 * real input, count as the visitor's expression; anything else is page code and is recorded as `api`.
 */
export type Requester = { via: 'ui'; layer: 1 | 2 } | { via: 'embed' } | { via: 'api' };

/** Categories and services (owner-declared or built-in vendor ids). */
export interface Scope {
  categories: string[];
  services: string[];
}

export interface RuleInput {
  config: NormalizedConfig;
  now: number;
  gpc: boolean;
  randomId: () => string;
  /** The decision in force on this page, or null (none, expired, made under another revision). */
  current: Decision | null;
  /** The last decision known even when no longer in force: its consent id carries on. */
  lastKnown: Decision | null;
}

export interface Outcome {
  /** The new decision; null after erasure. */
  decision: Decision | null;
  /** What was allowed on this page and is not any more. */
  withdrawn: Scope;
  /**
   * Whose cookies and storage keys to delete: everything not allowed now, whatever the history (a site that had
   * Google Analytics before samtykke still has `_ga`). `keep` are the allowed ones, whose cookies a shared name
   * must not take with it.
   */
  clean: { services: string[]; keep: string[] };
  /** Categories whose opt-out scripts (`data-category="!id"`) run: the withdrawn ones. */
  optOut: string[];
  /** Code that already ran cannot be unloaded: start the page afresh. */
  reload: boolean;
  /** What the ledger records; null when nothing is recorded here (another tab recorded it, or erasure). */
  receipt: { state: ReceiptState; action: DecisionAction; layer: 0 | 1 | 2 } | null;
}

/** Every service a decision could concern: the declared ones and the built-in vendors. */
function everyService(config: NormalizedConfig): string[] {
  const declared = config.categories.flatMap((category) => category.services.map((service) => service.id));
  return [...new Set([...declared, ...VENDORS.map((vendor) => vendor.id)])];
}

/** Applies a requested change to the decision in force. Throws a TypeError for an unknown category or service. */
export function applyRequest(input: RuleInput, request: DecisionRequest, requester: Requester): Outcome {
  const { config, current } = input;
  const decision = nextDecision(input, request);
  const services = everyService(config);
  const before = (id: string) => allowsService(config, current, id);
  const after = (id: string) => allowsService(config, decision, id);
  const stillServed = (category: string) => servicesOf(config, category).some(after);
  const withdrawn: Scope = {
    // A category counts as withdrawn when nothing of it runs any more; one that keeps some services lists the
    // ones that went below.
    categories: (current?.granted ?? []).filter(
      (id) => id !== NECESSARY && !decision?.granted.includes(id) && !stillServed(id),
    ),
    // Services allowed on their own before: the categories above already speak for the rest.
    services: (current?.services ?? []).filter((id) => !after(id)),
  };
  // Services that stop running only because their whole category went are covered by `categories`; one taken
  // out of a granted category is named.
  for (const id of services) {
    if (before(id) && !after(id) && !withdrawn.services.includes(id)) {
      const category = categoryOfService(config, id);
      if (!category || !withdrawn.categories.includes(category)) withdrawn.services.push(id);
    }
  }
  return {
    decision,
    withdrawn,
    clean: { services: services.filter((id) => !after(id)), keep: services.filter(after) },
    optOut: withdrawn.categories,
    reload: withdrewAnything(withdrawn) && config.blocking.reloadOnWithdraw,
    receipt: receiptFor(request, requester, decision, current, withdrawn),
  };
}

function nextDecision(input: RuleInput, request: DecisionRequest): Decision | null {
  const { config, current } = input;
  const context: DecisionContext = {
    config,
    now: input.now,
    gpc: input.gpc,
    previous: current ?? input.lastKnown,
    randomId: input.randomId,
  };
  const granted = (current?.granted ?? []).filter((id) => id !== NECESSARY);
  const own = current?.services ?? [];
  switch (request.kind) {
    case 'accept-all':
      // Services allowed on their own outside any granted category (GPC's marketing, an undeclared embed) stay.
      return withServices(acceptAllDecision(context), context, own);
    case 'reject-all':
    case 'withdraw':
      return makeDecision(context, []);
    case 'accept':
      return makeDecision(context, request.categories, request.services ?? own);
    case 'allow-service':
      knownService(config, request.service);
      return makeDecision(context, granted, [...own, request.service]);
    case 'withdraw-service': {
      knownService(config, request.service);
      const category = categoryOfService(config, request.service);
      if (category && granted.includes(category)) {
        // The category can no longer be granted as a whole: its other services stay allowed one by one.
        const siblings = servicesOf(config, category).filter((id) => id !== request.service);
        return makeDecision(
          context,
          granted.filter((id) => id !== category),
          [...own, ...siblings],
        );
      }
      return makeDecision(
        context,
        granted,
        own.filter((id) => id !== request.service),
      );
    }
    case 'erase':
      return null;
    case 'external':
      return request.decision;
  }
}

function withServices(decision: Decision, context: DecisionContext, services: readonly string[]): Decision {
  if (!services.length) return decision;
  return makeDecision(
    context,
    decision.granted.filter((id) => id !== NECESSARY),
    services,
  );
}

function servicesOf(config: NormalizedConfig, category: string): string[] {
  return config.categories.find((c) => c.id === category)?.services.map((s) => s.id) ?? [];
}

function knownService(config: NormalizedConfig, service: string): void {
  if (categoryOfService(config, service) === undefined && !findVendor(service)) {
    throw new TypeError(`samtykke: unknown service "${service}"; declare it in a category's services`);
  }
}

const UI_ACTIONS: Record<Exclude<DecisionRequest['kind'], 'erase' | 'external'>, DecisionAction> = {
  'accept-all': 'accept-all',
  'reject-all': 'reject-all',
  accept: 'save-selection',
  'allow-service': 'embed',
  withdraw: 'withdraw',
  'withdraw-service': 'withdraw',
};

function receiptFor(
  request: DecisionRequest,
  requester: Requester,
  decision: Decision | null,
  current: Decision | null,
  withdrawn: Scope,
): Outcome['receipt'] {
  if (request.kind === 'erase' || request.kind === 'external' || !decision) return null;
  const state: ReceiptState = withdrewAnything(withdrawn)
    ? 'withdrawn'
    : current
      ? 'updated'
      : grantsAnything(decision)
        ? 'given'
        : 'refused';
  if (requester.via === 'api') return { state, action: 'api', layer: 0 };
  if (requester.via === 'embed') return { state, action: 'embed', layer: 0 };
  return { state, action: UI_ACTIONS[request.kind], layer: requester.layer };
}

function withdrewAnything(scope: Scope): boolean {
  return scope.categories.length > 0 || scope.services.length > 0;
}
