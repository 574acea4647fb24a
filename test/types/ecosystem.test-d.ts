// Type-level tests of built-in ids, config-typed categories, the page globals, the React bindings, the Vite
// plugin and the framework adapters, checked by `tsc -p tsconfig.json` (never executed). Each
// `@ts-expect-error` fails the typecheck if the line below it stops being an error.
import express from 'express';
import Fastify from 'fastify';
import { createElement } from 'react';
import type { PluginOption } from 'vite';
import { samtykke } from '../../src/assets/vite.js';
import { createSamtykke, type SamtykkeConfig } from '../../src/index.js';
import { ConsentGate } from '../../src/react/index.js';
import { ledgerMiddleware } from '../../src/server/express.js';
import { ledgerPlugin } from '../../src/server/fastify.js';
import type { LedgerHandlerOptions } from '../../src/server/handler.js';

export function builtInIds() {
  createSamtykke({ categories: { statistics: { services: ['google-analytics', { id: 'own-chat', name: 'Chat' }] } } });
  // @ts-expect-error a typo in a built-in service id
  createSamtykke({ categories: { statistics: { services: ['google-analytcs'] } } });
  // @ts-expect-error a typo in a nested option is still caught through the generic
  createSamtykke({ categories: { statistics: { servics: [] } } });
}

export function categoriesFromTheConfig() {
  const consent = createSamtykke({ categories: { statistics: {}, chat: { title: 'Chat' } } });
  consent.isGranted('statistics');
  consent.isGranted('chat');
  consent.isGranted('necessary');
  consent.accept(['chat']);
  // @ts-expect-error a typo in a category name
  consent.isGranted('statistcs');
  // @ts-expect-error marketing is not offered by this config
  consent.accept(['marketing']);

  const defaults = createSamtykke();
  defaults.isGranted('marketing');
  // @ts-expect-error without categories the defaults are statistics and marketing
  defaults.isGranted('preferences');

  // A config typed wide (from JSON, say) gives a wide instance.
  const loaded: SamtykkeConfig = JSON.parse('{}');
  createSamtykke(loaded).isGranted(String(Math.random()));
}

export function pageGlobals() {
  window.samtykkeConfig = { categories: { marketing: { services: ['youtube'] } } };
  window.Samtykke?.showPreferences();
  document.addEventListener('samtykke:change', (event) => {
    const granted: readonly string[] = event.detail.decision.granted;
    const how: string = event.detail.action;
    // @ts-expect-error the payload is typed
    event.detail.nothing;
    return [granted, how];
  });
  document.addEventListener('samtykke:ready', (event) => event.detail.decision?.consentId);
  document.addEventListener('samtykke:blocked', (event) => event.detail.url.length);
}

export function reactBindings() {
  createElement(ConsentGate, { category: 'statistics', fallback: 'off' }, 'on');
  createElement(ConsentGate, { service: 'youtube', fallback: (consent) => consent.decision?.consentId }, 'on');
  // @ts-expect-error a gate is for a category or a service, not both
  createElement(ConsentGate, { category: 'statistics', service: 'youtube' }, 'on');
}

export function vitePlugin(): PluginOption[] {
  // @ts-expect-error dir is a folder name
  samtykke({ dir: 1 });
  return [samtykke({ config: { categories: { statistics: {} } }, integrity: true })];
}

export async function adapters(options: Omit<LedgerHandlerOptions, 'basePath'>) {
  express().use('/ledger', ledgerMiddleware(options));
  await Fastify().register(ledgerPlugin, { prefix: '/ledger', ...options });
}
