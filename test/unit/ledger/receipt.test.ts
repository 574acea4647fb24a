import { describe, expect, it } from 'vitest';
import { normalizeConfig, withVendorDetails } from '../../../src/core/index.js';
import { canonicalize } from '../../../src/ledger/canonical.js';
import { computeReceiptHash, sha256 } from '../../../src/ledger/hash.js';
import { hashNotice, noticeView, type RecordInput, uaFamily, withdrawalMethod } from '../../../src/ledger/receipt.js';
import { validateReceipt } from '../../../src/ledger/validate.js';
import {
  buildTestReceipt,
  CONSENT_ID,
  makeConfig,
  makeDecision,
  makeInput,
  receiptProblems,
  T0,
  TEXTS,
} from './fixtures.js';

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.7000.12 Safari/537.36';

async function build(input: RecordInput, previousHash: string | null = null, path = '/kaffe', config = makeConfig()) {
  return buildTestReceipt(input, config, { previousHash, path, userAgent: CHROME });
}

describe('buildReceipt', () => {
  const cases: Array<{ name: string; input: RecordInput; expected: Record<string, unknown>; statuses: string[] }> = [
    {
      name: 'given',
      input: makeInput({ action: 'save-selection', layer: 2 }),
      expected: {
        state: 'given',
        action: 'save-selection',
        layer: 2,
        expressedBy: 'data-subject',
        consentType: 'explicitly-expressed',
      },
      statuses: ['not-applicable', 'granted', 'denied'],
    },
    {
      name: 'refused',
      input: makeInput({ decision: makeDecision([]), state: 'refused', action: 'reject-all', layer: 1 }),
      expected: {
        state: 'refused',
        action: 'reject-all',
        layer: 1,
        expressedBy: 'data-subject',
        consentType: 'explicitly-expressed',
      },
      statuses: ['not-applicable', 'denied', 'denied'],
    },
    {
      name: 'updated',
      input: makeInput({
        decision: makeDecision(['statistics', 'marketing']),
        previous: makeDecision([]),
        state: 'updated',
        action: 'accept-all',
        layer: 1,
      }),
      expected: {
        state: 'updated',
        action: 'accept-all',
        layer: 1,
        expressedBy: 'data-subject',
        consentType: 'explicitly-expressed',
      },
      statuses: ['not-applicable', 'granted', 'granted'],
    },
    {
      name: 'withdrawn',
      input: makeInput({ decision: makeDecision([]), state: 'withdrawn', action: 'withdraw', layer: 2 }),
      expected: {
        state: 'withdrawn',
        action: 'withdraw',
        layer: 2,
        expressedBy: 'data-subject',
        consentType: 'explicitly-expressed',
      },
      statuses: ['not-applicable', 'denied', 'denied'],
    },
    {
      name: 'expired',
      input: makeInput({ state: 'expired', action: 'api', layer: 0, notice: null }),
      expected: { state: 'expired', action: 'api', layer: 0, expressedBy: 'system', consentType: 'not-applicable' },
      statuses: ['not-applicable', 'granted', 'denied'],
    },
    {
      name: 'signal',
      input: makeInput({
        decision: makeDecision([], { gpc: true }),
        state: 'refused',
        action: 'signal',
        layer: 0,
        notice: null,
        gpcApplied: 'pre-refused-marketing',
      }),
      expected: { state: 'refused', action: 'signal', layer: 0, expressedBy: 'signal', consentType: 'not-applicable' },
      statuses: ['not-applicable', 'denied', 'denied'],
    },
  ];

  for (const { name, input, expected, statuses } of cases) {
    it(`records a ${name} event with its state, action, layer and purposes`, async () => {
      const receipt = await build(input);
      expect(receiptProblems(receipt)).toEqual([]);
      expect(receipt.event).toMatchObject(expected);
      expect(receipt.purposes.map((purpose) => purpose.id)).toEqual(['necessary', 'statistics', 'marketing']);
      expect(receipt.purposes.map((purpose) => purpose.status)).toEqual(statuses);
      expect(receipt.purposes[0]?.lawfulBasis).toBe('strictly-necessary');
      expect(receipt.purposes[1]?.lawfulBasis).toBe('consent');
      expect(receipt.signals.gpc).toBe(input.decision.gpc);
      expect(receipt.signals.gpcApplied).toBe(input.gpcApplied);
      expect(receipt.recordId).toBe(CONSENT_ID);
      expect(receipt.integrity.receiptHash).toBe(await computeReceiptHash(receipt));
    });
  }

  it('takes the event time from the decision, but from now for an expiry', async () => {
    const given = await build(makeInput());
    expect(given.event.time).toBe(new Date(T0).toISOString());
    expect(given.event.validUntil).toBe(new Date(T0 + 182 * 86_400_000).toISOString());
    const expired = await build(makeInput({ state: 'expired', action: 'api', layer: 0 }));
    expect(expired.event.time).toBe(new Date(T0 + 1000).toISOString());
  });

  it('fills purposes and services from the config in the language shown', async () => {
    const receipt = await build(makeInput());
    expect(receipt.purposes[1]).toEqual({
      id: 'statistics',
      title: 'Statistikk',
      status: 'granted',
      lawfulBasis: 'consent',
      services: [
        {
          id: 'google-analytics',
          name: 'Google Analytics',
          provider: 'Google Ireland Ltd.',
          status: 'granted',
          recipient: 'Google LLC',
          thirdCountries: ['US'],
          retention: 'P14M',
          cookies: [{ name: '_ga', expiry: 'P2Y' }],
          role: 'processor',
          transfer: 'adequacy',
          dataCategories: ['online-identifier', 'device', 'usage'],
        },
      ],
    });
    // No title in the config and none among the texts: the id stands in.
    expect(receipt.purposes[2]?.title).toBe('marketing');
    const shown = makeInput({ notice: { language: 'nb', texts: { 'categories.marketing.title': 'Markedsføring' } } });
    expect((await build(shown)).purposes[2]?.title).toBe('Markedsføring');
    expect(receipt.notice).toMatchObject({ policyVersion: '2026-03', configRevision: 3, language: 'nb' });
    expect(receipt.controller).toEqual(makeConfig().controller);
    expect(receipt.jurisdiction).toBe('NO');
  });

  it('records the ISO/IEC TS 27560 fields of version 2: address, consent type, role, transfer, data categories', async () => {
    // A config as an owner writes it, read and merged with the catalogue as the ledger does.
    const config = withVendorDetails(
      normalizeConfig({
        controller: { name: 'Fjordkaffe AS', address: 'Storgata 1, 0155 Oslo, Norway', country: 'NO' },
        categories: {
          statistics: { services: ['google-analytics', 'hotjar'] },
          marketing: {
            services: [
              'meta-pixel',
              { id: 'youtube', role: 'joint-controller', transfer: 'scc' },
              {
                id: 'chat-widget',
                thirdCountries: ['US'],
                role: 'processor',
                transfer: 'bcr',
                dataCategories: ['online-identifier', 'contact-details'],
              },
              { id: 'own-pixel' },
            ],
          },
        },
      }),
    );
    const receipt = await build(makeInput(), null, '/', config);
    expect(receipt.schemaVersion).toBe('samtykke-receipt/2');
    expect(receiptProblems(receipt)).toEqual([]);
    expect(receipt.controller).toEqual({
      name: 'Fjordkaffe AS',
      address: 'Storgata 1, 0155 Oslo, Norway',
      country: 'NO',
    });
    const facts = receipt.purposes.flatMap((purpose) =>
      purpose.services.map(({ id, role, transfer, thirdCountries, dataCategories }) => ({
        id,
        role,
        transfer,
        thirdCountries,
        dataCategories,
      })),
    );
    const tracked = ['online-identifier', 'device', 'usage'];
    expect(facts).toEqual([
      // The catalogue's facts for built-in vendors…
      {
        id: 'google-analytics',
        role: 'processor',
        transfer: 'adequacy',
        thirdCountries: ['US'],
        dataCategories: tracked,
      },
      // …an EEA processor sends nothing abroad, so it names no transfer ground…
      { id: 'hotjar', role: 'processor', transfer: undefined, thirdCountries: [], dataCategories: tracked },
      {
        id: 'meta-pixel',
        role: 'joint-controller',
        transfer: 'adequacy',
        thirdCountries: ['US'],
        dataCategories: tracked,
      },
      // …what the owner states wins over the catalogue's…
      { id: 'youtube', role: 'joint-controller', transfer: 'scc', thirdCountries: ['US'], dataCategories: tracked },
      {
        id: 'chat-widget',
        role: 'processor',
        transfer: 'bcr',
        thirdCountries: ['US'],
        dataCategories: ['online-identifier', 'contact-details'],
      },
      // …and a service nobody described says so: no role, no ground, no categories, nothing made up.
      { id: 'own-pixel', role: undefined, transfer: undefined, thirdCountries: [], dataCategories: [] },
    ]);
    const ownPixel = receipt.purposes[2]?.services.find((service) => service.id === 'own-pixel');
    expect(Object.keys(ownPixel ?? {})).not.toContain('role');
  });

  it("records how the decision was expressed: in samtykke's own controls, through page code, or not at all", async () => {
    const consentType = async (partial: Partial<RecordInput>) => (await build(makeInput(partial))).event.consentType;
    expect(await consentType({ action: 'accept-all', layer: 1 })).toBe('explicitly-expressed');
    expect(await consentType({ action: 'save-selection', layer: 2 })).toBe('explicitly-expressed');
    expect(await consentType({ action: 'embed', layer: 0 })).toBe('explicitly-expressed');
    expect(await consentType({ action: 'api', layer: 0, notice: null })).toBe('expressed');
    expect(await consentType({ action: 'signal', layer: 0, notice: null, state: 'refused' })).toBe('not-applicable');
    expect(await consentType({ action: 'api', layer: 0, notice: null, state: 'expired' })).toBe('not-applicable');
  });

  it('grants a service allowed on its own although its category is refused', async () => {
    const receipt = await build(makeInput({ decision: makeDecision([], { services: ['youtube'] }), state: 'refused' }));
    expect(receipt.purposes[2]?.status).toBe('denied');
    expect(receipt.purposes[2]?.services[0]).toMatchObject({ id: 'youtube', status: 'granted' });
  });

  it('keeps context minimal: path without query or fragment, browser family only', async () => {
    const receipt = await build(makeInput(), null, '/kaffe/bestill?email=a@b.no#top');
    expect(receipt.context).toEqual({
      pageOrigin: 'https://fjordkaffe.no',
      pagePath: '/kaffe/bestill',
      uaFamily: 'Chrome 156',
    });
    expect(JSON.stringify(receipt)).not.toContain('email');
    expect(JSON.stringify(receipt)).not.toContain('7000');
  });

  it('records what Consent Mode was told', async () => {
    const consentMode = {
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'granted',
      functionality_storage: 'granted',
      personalization_storage: 'denied',
      security_storage: 'granted',
    } as const;
    expect((await build(makeInput({ consentMode }))).consentMode).toEqual(consentMode);
    expect((await build(makeInput())).consentMode).toBeNull();
  });

  it('carries the previous hash it is given, and its own hash covers it', async () => {
    const first = await build(makeInput());
    const second = await build(makeInput({ state: 'updated' }), first.integrity.receiptHash);
    expect(first.integrity.previousHash).toBeNull();
    expect(second.integrity.previousHash).toBe(first.integrity.receiptHash);
    const forged = { ...second, integrity: { ...second.integrity, previousHash: null } };
    expect(await computeReceiptHash(forged)).not.toBe(second.integrity.receiptHash);
  });
});

describe('hashNotice', () => {
  it('is stable across key order of the config and of the texts', async () => {
    const config = makeConfig();
    const reordered = Object.fromEntries(Object.entries(config).reverse()) as typeof config;
    const texts = Object.fromEntries(Object.entries(TEXTS).reverse());
    const a = await hashNotice(config, { language: 'nb', texts: { ...TEXTS } });
    const b = await hashNotice(reordered, { language: 'nb', texts });
    expect(b).toEqual(a);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(config));
  });

  it('changes when any shown text changes, and only the text hash does', async () => {
    const config = makeConfig();
    const base = await hashNotice(config, { language: 'nb', texts: { ...TEXTS } });
    for (const key of Object.keys(TEXTS) as Array<keyof typeof TEXTS>) {
      const changed = await hashNotice(config, { language: 'nb', texts: { ...TEXTS, [key]: `${TEXTS[key]}.` } });
      expect(changed.textHash).not.toBe(base.textHash);
      expect(changed.configHash).toBe(base.configHash);
    }
    const added = await hashNotice(config, { language: 'nb', texts: { ...TEXTS, extra: '' } });
    expect(added.textHash).not.toBe(base.textHash);
  });

  it('leaves deployment out: the nonce, file and endpoint URLs and blocking rules do not change the config hash', async () => {
    const base = makeConfig();
    const { configHash } = await hashNotice(base, null);
    const deployed = {
      ...base,
      ui: { ...base.ui, nonce: 'n0nce-for-this-response', src: 'https://cdn.fjordkaffe.no/samtykke-ui.js' },
      ledger: { ...base.ledger, endpoint: 'https://ledger.fjordkaffe.no/receipts' },
      blocking: { ...base.blocking, rules: [{ pattern: 'cdn.example.com', category: 'marketing' }] },
      categories: base.categories.map((category) => ({
        ...category,
        services: category.services.map((service) => ({ ...service, hosts: [...service.hosts, 'extra.example'] })),
      })),
    } as typeof base;
    expect((await hashNotice(deployed, null)).configHash).toBe(configHash);
    expect(JSON.stringify(noticeView(deployed))).not.toContain('n0nce');
    // What the visitor reads is covered: a recipient, a policy version, the controller.
    for (const changed of [
      { ...base, policy: { ...base.policy, version: '2026-04' } },
      { ...base, controller: { ...base.controller, name: 'Fjordkaffe ASA' } },
      { ...base, jurisdiction: 'EEA' },
      {
        ...base,
        categories: base.categories.map((category) => ({
          ...category,
          services: category.services.map((service) => ({ ...service, recipient: 'Someone Else Inc.' })),
        })),
      },
    ] as Array<typeof base>)
      expect((await hashNotice(changed, null)).configHash).not.toBe(configHash);
  });

  it('holds the facts free of language: no text overrides, no texts in every language, no language settings', async () => {
    const base = makeConfig();
    const worded = {
      ...base,
      texts: { en: { bannerTitle: 'We use cookies' }, nb: { bannerTitle: 'Vi bruker informasjonskapsler' } },
      language: { default: 'en', force: 'en' },
      categories: base.categories.map((category) => ({
        ...category,
        title: { en: `${category.id} (en)`, nb: `${category.id} (nb)` },
        description: { en: 'Why', nb: 'Hvorfor' },
        services: category.services.map((service) => ({
          ...service,
          purpose: { en: 'Counts visits', nb: 'Teller besøk' },
          cookies: service.cookies.map((cookie) => ({ ...cookie, purpose: { en: 'Tells visits apart' } })),
        })),
      })),
    } as typeof base;
    const view = JSON.stringify(noticeView(worded));
    for (const text of ['We use cookies', 'Vi bruker', '(en)', '(nb)', 'Hvorfor', 'Teller besøk', 'Tells visits apart'])
      expect(view).not.toContain(text);
    expect(noticeView(worded)).not.toHaveProperty('texts');
    expect(noticeView(worded)).not.toHaveProperty('language');
    // Those words reach the receipt through the texts as rendered, so the view's hash stays the same…
    expect((await hashNotice(worded, null)).configHash).toBe((await hashNotice(base, null)).configHash);
    // …while the facts are all there: lifetimes in ISO 8601, countries as codes, who receives the data.
    const service = noticeView(base).categories[1]?.services[0];
    expect(service).toMatchObject({
      id: 'google-analytics',
      recipient: 'Google LLC',
      thirdCountries: ['US'],
      retention: 'P14M',
      cookies: [{ name: '_ga', expiry: 'P2Y' }],
    });
    expect(noticeView(base).format).toBe('samtykke-notice/2');
  });

  it('changes the config hash when the config changes', async () => {
    const base = await hashNotice(makeConfig(), null);
    const other = await hashNotice({ ...makeConfig(), revision: 4 }, null);
    expect(other.configHash).not.toBe(base.configHash);
  });

  it('is the SHA-256 of the canonical JSON, so anyone can recompute it', async () => {
    const config = makeConfig();
    const { configHash, textHash } = await hashNotice(config, { language: 'nb', texts: TEXTS });
    expect(configHash).toBe(await sha256(canonicalize(noticeView(config))));
    expect(textHash).toBe(await sha256(canonicalize(TEXTS)));
    expect((await hashNotice(config, null)).textHash).toBe(await sha256('null'));
  });

  it('records language und when no notice was shown', async () => {
    expect((await build(makeInput({ notice: null }))).notice.language).toBe('und');
  });
});

describe('helpers', () => {
  it('reduces user agents to family and major version', () => {
    const agents: Array<[string, string]> = [
      [CHROME, 'Chrome 156'],
      ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox 128'],
      [
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15',
        'Safari 18',
      ],
      [`${CHROME} Edg/140.0.1.2`, 'Edge 140'],
      [`${CHROME} OPR/110.0.0.0`, 'Other'],
      ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) CriOS/130.0 Mobile Safari/604.1', 'Chrome 130'],
      ['curl/8.0', 'Other'],
      ['', 'Other'],
    ];
    for (const [agent, family] of agents) expect(uaFamily(agent)).toBe(family);
  });

  it('names what a withdrawal withdrew, and only on a withdrawal', async () => {
    const withdrawn = { categories: ['marketing'], services: ['hotjar'] };
    const onWithdrawal = await build(
      makeInput({ decision: makeDecision([]), state: 'withdrawn', action: 'withdraw', layer: 2, withdrawn }),
    );
    expect(onWithdrawal.event.withdrawn).toEqual(withdrawn);
    expect(validateReceipt(onWithdrawal)).toMatchObject({ ok: true });
    const onUpdate = await build(makeInput({ state: 'updated', withdrawn }));
    expect(onUpdate.event).not.toHaveProperty('withdrawn');
    const malformed = { ...onWithdrawal, event: { ...onWithdrawal.event, withdrawn: { categories: 'marketing' } } };
    const refused = validateReceipt(malformed);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.errors).toEqual([
      expect.stringMatching(/^receipt\.event\.withdrawn\.categories: expected an array/),
      'receipt.event.withdrawn.services: required, missing',
    ]);
  });

  it('words the withdrawal method from the config', () => {
    expect(withdrawalMethod(makeConfig())).toContain('https://fjordkaffe.no/cookies');
    expect(withdrawalMethod(makeConfig())).toContain('cookie settings button');
    const noButton = { ...makeConfig(), ui: { ...makeConfig().ui, floatingButton: false as const } };
    expect(withdrawalMethod(noButton)).not.toContain('button (');
  });
});

describe('undeclared vendors the owner lets run with their category', () => {
  const receiptUnder = async (undeclaredVendors: 'hold' | 'release-with-category') => {
    const config = withVendorDetails(
      normalizeConfig({
        controller: { name: 'Fjordkaffe AS' },
        categories: { statistics: { services: ['google-analytics'] }, marketing: {} },
        blocking: { undeclaredVendors },
      }),
    );
    const input = makeInput({ decision: { ...makeDecision(['statistics']), revision: 0 }, notice: null });
    const receipt = await build(input, null, '/', config);
    return { receipt, configHash: receipt.notice.configHash };
  };

  it('are among the services the consent covered, marked implicit, and the receipt stays valid', async () => {
    const { receipt } = await receiptUnder('release-with-category');
    const statistics = receipt.purposes.find((p) => p.id === 'statistics');
    const clarity = statistics?.services.find((s) => s.id === 'microsoft-clarity');
    expect(clarity).toMatchObject({ name: 'Microsoft Clarity', status: 'granted', implicit: true });
    expect(clarity?.cookies.map((c) => c.name)).toContain('_clck');
    expect(statistics?.services.find((s) => s.id === 'google-analytics')).not.toHaveProperty('implicit');
    expect(validateReceipt(JSON.parse(JSON.stringify(receipt)))).toMatchObject({ ok: true });
  });

  it('are absent when the owner holds them (the default), and the notice hash tells the two notices apart', async () => {
    const held = await receiptUnder('hold');
    const released = await receiptUnder('release-with-category');
    const ids = held.receipt.purposes.flatMap((p) => p.services.map((s) => s.id));
    expect(ids).toEqual(['google-analytics']);
    expect(held.configHash).not.toBe(released.configHash);
  });

  it('the validator refuses an implicit marker that is not true', async () => {
    const { receipt } = await receiptUnder('release-with-category');
    const tampered = JSON.parse(JSON.stringify(receipt));
    tampered.purposes[1].services[1].implicit = 'yes';
    expect(validateReceipt(tampered)).toMatchObject({ ok: false });
  });
});
