import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildReceipt, hashNotice } from '../../../src/ledger/receipt.js';
import schema from '../../../src/ledger/receipt.schema.json' with { type: 'json' };
import { validateReceipt } from '../../../src/ledger/validate.js';
import type { Receipt } from '../../../src/types.js';
import { asVersion1, completeReceipt } from '../../server/fixtures.js';
import { makeConfig, makeDecision, makeInput } from './fixtures.js';

// Every optional field present: `satisfies DeepRequired<Receipt>` (in the fixture) rejects unknown and
// missing keys, so this object's key tree IS the Receipt type's key tree.
const complete = {
  ...completeReceipt(),
  integrity: { ...completeReceipt().integrity, receiptHash: `sha256-${'C'.repeat(43)}=` },
};

const ajv = new Ajv2020({ allErrors: true, strict: true });
const ajvValidate = ajv.compile(schema);

type Json = Record<string, unknown>;
function clone(): Json {
  return structuredClone(complete) as unknown as Json;
}
function at(value: Json, path: string): Json {
  return path.split('.').reduce<Json>((node, key) => node[key] as Json, value);
}

// Resolve $ref and anyOf-with-null so the key tree of the schema can be compared to the sample.
function resolve(node: Json): Json {
  if (typeof node.$ref === 'string') return resolve((schema.$defs as Json)[node.$ref.replace('#/$defs/', '')] as Json);
  if (Array.isArray(node.anyOf)) {
    const object = (node.anyOf as Json[]).map(resolve).find((option) => option.type === 'object');
    if (object) return object;
  }
  return node;
}
function keyTree(node: Json): unknown {
  const resolved = resolve(node);
  if (resolved.type === 'array') return [keyTree(resolved.items as Json)];
  if (resolved.type === 'object') {
    const properties = resolved.properties as Record<string, Json>;
    return Object.fromEntries(
      Object.keys(properties)
        .sort()
        .map((key) => [key, keyTree(properties[key] as Json)]),
    );
  }
  return 'leaf';
}
function sampleTree(value: unknown): unknown {
  if (Array.isArray(value)) {
    const first = value.find(
      (item) =>
        typeof item === 'object' && item !== null && ((item as Json).services as unknown[] | undefined)?.length !== 0,
    );
    return [sampleTree(first ?? value[0])];
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sampleTree((value as Json)[key])]),
    );
  }
  return 'leaf';
}

describe('receipt schema and validateReceipt', () => {
  it('describe the same keys as the Receipt type, in version 2 and in version 1', async () => {
    // The sample's purposes[1] has a service with every optional field; thirdCountries holds strings.
    const defs = schema.$defs as Record<string, Json>;
    expect(keyTree(defs.receiptV2 as Json)).toEqual(sampleTree(complete));
    const old = await asVersion1(complete as Receipt);
    expect(keyTree(defs.receiptV1 as Json)).toEqual(sampleTree(old));
    // Version 1 is version 2 without the five fields, nothing else.
    expect(JSON.stringify(sampleTree(old))).toBe(
      JSON.stringify(sampleTree(complete))
        .replace(/"(address|consentType|role|transfer)":"leaf",?|"dataCategories":\["leaf"\],?/g, '')
        .replace(/,}/g, '}'),
    );
  });

  const mutations: Array<[string, (receipt: Json) => void, string]> = [
    ['as built', () => {}, ''],
    [
      'consentMode null',
      (r) => {
        r.consentMode = null;
      },
      '',
    ],
    [
      'previousHash set',
      (r) => {
        at(r, 'integrity').previousHash = `sha256-${'D'.repeat(43)}=`;
      },
      '',
    ],
    [
      'optional fields left out',
      (r) => {
        delete at(r, 'controller').orgNo;
        delete at(r, 'notice').privacyUrl;
      },
      '',
    ],
    [
      'unicode title',
      (r) => {
        ((r.purposes as Json[])[1] as Json).title = 'Statistikk 📊 æøå';
      },
      '',
    ],
    [
      '200 emoji name is within the cap',
      (r) => {
        at(r, 'controller').name = '😀'.repeat(200);
      },
      '',
    ],
    [
      'bad state',
      (r) => {
        at(r, 'event').state = 'maybe';
      },
      'receipt.event.state: expected one of given|refused|updated|withdrawn|expired, got "maybe"',
    ],
    [
      'missing recordId',
      (r) => {
        delete r.recordId;
      },
      'receipt.recordId: required, missing',
    ],
    [
      'extra key',
      (r) => {
        r.ip = '10.0.0.1';
      },
      'receipt.ip: unexpected property',
    ],
    [
      'layer 3',
      (r) => {
        at(r, 'event').layer = 3;
      },
      'receipt.event.layer: expected one of 0|1|2, got 3',
    ],
    [
      'gpc string',
      (r) => {
        at(r, 'signals').gpc = 'yes';
      },
      'receipt.signals.gpc: expected true or false, got "yes"',
    ],
    [
      'revision float',
      (r) => {
        at(r, 'notice').configRevision = 1.5;
      },
      'receipt.notice.configRevision: expected an integer from 0 to 9007199254740991, got 1.5',
    ],
    [
      'bad uuid',
      (r) => {
        r.receiptId = 'abc';
      },
      'receipt.receiptId: expected a UUID, got "abc"',
    ],
    [
      'local time',
      (r) => {
        r.createdAt = '2026-05-01T12:00:00+02:00';
      },
      'receipt.createdAt: expected an ISO 8601 UTC time',
    ],
    [
      'bad hash',
      (r) => {
        at(r, 'notice').configHash = 'md5-x';
      },
      'receipt.notice.configHash: expected a sha256-<base64> hash, got "md5-x"',
    ],
    [
      'huge name',
      (r) => {
        at(r, 'controller').name = 'x'.repeat(100_000);
      },
      'receipt.controller.name: expected a string of at most 200 characters, got "xxxx',
    ],
    [
      '201 emoji name',
      (r) => {
        at(r, 'controller').name = '😀'.repeat(201);
      },
      'receipt.controller.name: expected a string of at most 200 characters',
    ],
    [
      'empty name',
      (r) => {
        at(r, 'controller').name = '';
      },
      'receipt.controller.name: expected a string of at least 1 character, got ""',
    ],
    [
      'purposes object',
      (r) => {
        r.purposes = {};
      },
      'receipt.purposes: expected an array, got an object',
    ],
    [
      'too many purposes',
      (r) => {
        r.purposes = Array(51).fill((r.purposes as Json[])[0]);
      },
      'receipt.purposes: expected an array of at most 50 items, got an array of 51',
    ],
    [
      'bad service status',
      (r) => {
        (((r.purposes as Json[])[1] as Json).services as Json[])[0] = {
          id: 'x',
          name: 'X',
          status: 'yes',
          thirdCountries: [],
          cookies: [],
        };
      },
      'receipt.purposes[1].services[0].status: expected one of granted|denied, got "yes"',
    ],
    [
      'cookie without name',
      (r) => {
        ((((r.purposes as Json[])[1] as Json).services as Json[])[0] as Json).cookies = [{ expiry: '1d' }];
      },
      'receipt.purposes[1].services[0].cookies[0].name: required, missing',
    ],
    [
      'consentMode missing type',
      (r) => {
        delete at(r, 'consentMode').security_storage;
      },
      'receipt.consentMode: expected null or an object with the seven Consent Mode types, got an object',
    ],
    [
      'wrong schemaVersion',
      (r) => {
        r.schemaVersion = 'samtykke-receipt/3';
      },
      'receipt.schemaVersion: expected one of samtykke-receipt/1|samtykke-receipt/2, got "samtykke-receipt/3"',
    ],
    [
      'version 2 without its consent type',
      (r) => {
        delete at(r, 'event').consentType;
      },
      'receipt.event.consentType: required, missing',
    ],
    [
      'version 2 with an unknown consent type',
      (r) => {
        at(r, 'event').consentType = 'implied';
      },
      'receipt.event.consentType: expected one of explicitly-expressed|expressed|not-applicable, got "implied"',
    ],
    [
      'version 2 service without data categories',
      (r) => {
        delete ((((r.purposes as Json[])[1] as Json).services as Json[])[0] as Json).dataCategories;
      },
      'receipt.purposes[1].services[0].dataCategories: required, missing',
    ],
    [
      'version 2 service with an unknown role',
      (r) => {
        ((((r.purposes as Json[])[1] as Json).services as Json[])[0] as Json).role = 'partner';
      },
      'receipt.purposes[1].services[0].role: expected one of processor|joint-controller|controller, got "partner"',
    ],
    [
      'version 2 service with an unknown transfer mechanism',
      (r) => {
        ((((r.purposes as Json[])[1] as Json).services as Json[])[0] as Json).transfer = 'privacy-shield';
      },
      'receipt.purposes[1].services[0].transfer: expected one of adequacy|scc|bcr|derogation, got "privacy-shield"',
    ],
    [
      'version 2 with an empty data category',
      (r) => {
        ((((r.purposes as Json[])[1] as Json).services as Json[])[0] as Json).dataCategories = [''];
      },
      'receipt.purposes[1].services[0].dataCategories[0]: expected a string of at least 1 character',
    ],
    [
      'version 2 role and transfer left out',
      (r) => {
        const service = (((r.purposes as Json[])[1] as Json).services as Json[])[0] as Json;
        delete service.role;
        delete service.transfer;
        delete at(r, 'controller').address;
      },
      '',
    ],
    [
      'version 1 as older ledgers hold it',
      (r) => {
        r.schemaVersion = 'samtykke-receipt/1';
        delete at(r, 'controller').address;
        delete at(r, 'event').consentType;
        const service = (((r.purposes as Json[])[1] as Json).services as Json[])[0] as Json;
        delete service.role;
        delete service.transfer;
        delete service.dataCategories;
      },
      '',
    ],
    [
      'version 1 carrying a field of version 2',
      (r) => {
        r.schemaVersion = 'samtykke-receipt/1';
        delete at(r, 'controller').address;
        const service = (((r.purposes as Json[])[1] as Json).services as Json[])[0] as Json;
        delete service.role;
        delete service.transfer;
        delete service.dataCategories;
      },
      'receipt.event.consentType: unexpected property',
    ],
    [
      'country lower case',
      (r) => {
        at(r, 'controller').country = 'no';
      },
      'receipt.controller.country: expected an ISO 3166-1 alpha-2 code, got "no"',
    ],
    ['receipt is an array', () => {}, ''],
  ];

  it.each(mutations)('agree on %s', (name, mutate, message) => {
    const value: unknown = name === 'receipt is an array' ? [clone()] : clone();
    if (!Array.isArray(value)) mutate(value as Json);
    const ours = validateReceipt(value);
    const theirs = ajvValidate(value);
    expect(ours.ok).toBe(theirs);
    if (name === 'receipt is an array') {
      expect(ours).toEqual({ ok: false, errors: ['receipt: expected an object, got an array of 1'] });
    } else if (message) {
      expect(ours.ok).toBe(false);
      if (!ours.ok) expect(ours.errors.join('\n')).toContain(message);
    } else {
      expect(ours).toEqual({ ok: true, receipt: value });
    }
  });

  it('accept the example receipt docs/ledger.md shows, so the documentation shows the format as it is', () => {
    const markdown = readFileSync('docs/ledger.md', 'utf8');
    const example = JSON.parse(/```json\n(\{\n {2}"schemaVersion"[\s\S]*?\n\})\n```/.exec(markdown)?.[1] ?? 'null');
    expect(example?.schemaVersion).toBe('samtykke-receipt/2');
    expect(validateReceipt(example)).toEqual({ ok: true, receipt: example });
    expect(ajvValidate(example)).toBe(true);
  });

  it('names the batch position in the path', () => {
    const value = clone();
    at(value, 'event').state = 'maybe';
    const result = validateReceipt(value, 'receipts[2]');
    expect(result).toEqual({
      ok: false,
      errors: ['receipts[2].event.state: expected one of given|refused|updated|withdrawn|expired, got "maybe"'],
    });
  });

  it('caps the number of errors on hostile input', () => {
    const value = clone();
    value.purposes = Array(50).fill({ id: 1, title: 2, status: 3, lawfulBasis: 4, services: 5 });
    const result = validateReceipt(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(20);
    expect(ajvValidate(value)).toBe(false);
  });

  it('accept the receipts the browser ledger builds', async () => {
    const config = makeConfig();
    const inputs = [
      makeInput(),
      makeInput({ decision: makeDecision([]), state: 'refused', action: 'reject-all', layer: 1 }),
      makeInput({
        decision: makeDecision([], { gpc: true }),
        state: 'refused',
        action: 'signal',
        layer: 0,
        notice: null,
        gpcApplied: 'pre-refused-marketing',
      }),
      makeInput({ state: 'expired', action: 'api', layer: 0, notice: null }),
    ];
    for (const input of inputs) {
      const { configHash, textHash } = await hashNotice(config, input.notice);
      const receipt = await buildReceipt(input, {
        config,
        now: Date.UTC(2026, 4, 12),
        receiptId: crypto.randomUUID(),
        configHash,
        textHash,
        previousHash: null,
        page: { origin: 'https://fjordkaffe.no', path: '/kaffe' },
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
      });
      expect(validateReceipt(receipt)).toEqual({ ok: true, receipt });
      expect(ajvValidate(receipt)).toBe(true);
    }
  });
});
