// Type-level tests of the public API, checked by `tsc -p tsconfig.json` (never executed).
// Each `@ts-expect-error` fails the typecheck if the line below it stops being an error.
import { createSamtykke, type SamtykkeConfig } from '../../src/index.js';

const valid: SamtykkeConfig = {
  revision: 2,
  controller: { name: 'Fjordkaffe AS', orgNo: 'NO 999 888 777 MVA', country: 'NO' },
  categories: {
    statistics: {
      services: ['google-analytics', { id: 'chat', name: 'Chat', cookies: [{ name: 'c_*', expiry: 'P1D' }] }],
    },
    marketing: { title: { nb: 'Markedsføring', da: 'Marketing' } },
  },
  ui: { layout: 'box', floatingButton: false },
  consentMode: { mode: 'advanced', mapping: { statistics: ['analytics_storage'] } },
  ledger: { endpoint: 'https://consent.fjordkaffe.no/receipts' },
};

const bad: SamtykkeConfig[] = [
  // @ts-expect-error a category cannot be pre-ticked
  { categories: { statistics: { enabled: true } } },
  // @ts-expect-error layouts are bar, box or modal
  { ui: { layout: 'popup' } },
  // @ts-expect-error the floating button is a corner or false
  { ui: { floatingButton: true } },
  // @ts-expect-error revision is a number
  { revision: '2' },
  // @ts-expect-error cookies need an expiry
  { categories: { marketing: { services: [{ id: 'x', cookies: [{ name: 'x' }] }] } } },
  // @ts-expect-error Consent Mode types are Google's seven
  { consentMode: { mapping: { statistics: ['analytics'] } } },
  // @ts-expect-error unknown top-level option
  { categoreis: {} },
];

const instance = createSamtykke(valid, { autoShow: false });
instance.on('change', ({ decision, previous, action }) => {
  const granted: readonly string[] = decision.granted;
  const before: string | undefined = previous?.consentId;
  const how: 'accept-all' | 'reject-all' | 'save-selection' | 'withdraw' | 'api' | 'signal' | 'embed' | 'sync' = action;
  void [granted, before, how];
});
// @ts-expect-error no such event
instance.on('consent', () => {});
// @ts-expect-error the change payload has no `categories`
instance.on('change', ({ categories }) => categories);
// @ts-expect-error accept takes a list of category ids
instance.accept('statistics');
const decided: boolean = instance.isGranted('statistics');

export { bad, decided };
