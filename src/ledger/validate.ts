import { UUID } from '../core/formats.js';
import type { Receipt } from '../types.js';

/** Outcome of {@link validateReceipt}: the receipt, typed, or every problem found (capped). */
export type ReceiptValidation = { ok: true; receipt: Receipt } | { ok: false; errors: string[] };

// A check appends messages to `errors` for the value at `path`. The rules below mirror
// receipt.schema.json one to one; test/unit/ledger/schema.test.ts proves the two agree.
type Check = (value: unknown, path: string, errors: string[]) => void;

const MAX_ERRORS = 20;
const TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?Z$/;
const HASH = /^sha256-[A-Za-z0-9+/]{43}=$/;
const COUNTRY = /^[A-Z]{2}$/;

/** A short, safe description of a value for an error message: hostile input must not flood the log. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `${JSON.stringify(shown)}${value.length > 40 ? ` (${value.length} characters)` : ''}`;
  }
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function fail(errors: string[], path: string, expected: string, value: unknown): void {
  if (errors.length < MAX_ERRORS) errors.push(`${path}: expected ${expected}, got ${describe(value)}`);
}

// JSON Schema lengths count code points, not UTF-16 units; only strings near the cap need counting.
function codePoints(text: string, max: number): number {
  if (text.length <= max) return text.length;
  if (text.length > max * 2) return text.length;
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function str(max: number, min = 0, pattern?: RegExp, what?: string): Check {
  return (value, path, errors) => {
    if (typeof value !== 'string') return fail(errors, path, what ?? 'a string', value);
    const length = codePoints(value, max);
    if (length > max) return fail(errors, path, `a string of at most ${max} characters`, value);
    if (length < min) return fail(errors, path, `a string of at least ${min} character${min > 1 ? 's' : ''}`, value);
    if (pattern && !pattern.test(value)) fail(errors, path, what ?? `a string matching ${pattern.source}`, value);
  };
}

function oneOf(...options: Array<string | number>): Check {
  return (value, path, errors) => {
    if (!options.includes(value as string | number)) fail(errors, path, `one of ${options.join('|')}`, value);
  };
}

function bool(): Check {
  return (value, path, errors) => {
    if (typeof value !== 'boolean') fail(errors, path, 'true or false', value);
  };
}

function int(min: number, max: number): Check {
  return (value, path, errors) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      fail(errors, path, `an integer from ${min} to ${max}`, value);
    }
  };
}

function nullable(check: Check, what: string): Check {
  return (value, path, errors) => {
    if (value === null) return;
    const own: string[] = [];
    check(value, path, own);
    if (own.length > 0) fail(errors, path, `null or ${what}`, value);
  };
}

function list(max: number, item: Check): Check {
  return (value, path, errors) => {
    if (!Array.isArray(value)) return fail(errors, path, 'an array', value);
    if (value.length > max) return fail(errors, path, `an array of at most ${max} items`, value);
    for (let index = 0; index < value.length && errors.length < MAX_ERRORS; index++) {
      item(value[index], `${path}[${index}]`, errors);
    }
  };
}

/** An object with exactly these properties; `optional` names those that may be absent. */
function obj(properties: Record<string, Check>, optional: readonly string[] = []): Check {
  return (value, path, errors) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return fail(errors, path, 'an object', value);
    const record = value as Record<string, unknown>;
    for (const [key, check] of Object.entries(properties)) {
      const child = `${path}.${key}`;
      if (!Object.hasOwn(record, key)) {
        if (!optional.includes(key) && errors.length < MAX_ERRORS) errors.push(`${child}: required, missing`);
        continue;
      }
      check(record[key], child, errors);
    }
    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(properties, key) && errors.length < MAX_ERRORS) {
        errors.push(`${path}.${key.length > 40 ? `${key.slice(0, 40)}…` : key}: unexpected property`);
      }
    }
  };
}

const uuid = str(36, 0, UUID, 'a UUID');
const timeText = str(40, 0, TIME, 'an ISO 8601 UTC time like 2026-05-01T12:00:00.000Z');
/** An ISO time that names a real instant: no month 13, no 30 February, no hour 25. */
const time: Check = (value, path, errors) => {
  timeText(value, path, errors);
  const second = typeof value === 'string' && TIME.test(value) && value.slice(0, 19);
  // An impossible date parses to NaN (or rolls over into another day), so it does not come back the same.
  if (second && !new Date(Date.parse(`${second}Z`) || 0).toISOString().startsWith(second)) {
    fail(errors, path, 'a real date and time', value);
  }
};
const hash = str(51, 0, HASH, 'a sha256-<base64> hash');
const grant = oneOf('granted', 'denied');
/** A marker present only when it holds. */
const flag: Check = (value, path, errors) => {
  if (value !== true) fail(errors, path, 'true', value);
};

const service = obj(
  {
    id: str(100, 1),
    name: str(200),
    provider: str(200),
    status: grant,
    recipient: str(200),
    thirdCountries: list(250, str(100)),
    retention: str(200),
    cookies: list(200, obj({ name: str(200, 1), expiry: str(100) })),
    implicit: flag,
  },
  ['provider', 'recipient', 'retention', 'implicit'],
);

const purpose = obj({
  id: str(100, 1),
  title: str(200),
  status: oneOf('granted', 'denied', 'not-applicable'),
  lawfulBasis: oneOf('strictly-necessary', 'consent'),
  services: list(200, service),
});

const consentMode = obj({
  ad_storage: grant,
  ad_user_data: grant,
  ad_personalization: grant,
  analytics_storage: grant,
  functionality_storage: grant,
  personalization_storage: grant,
  security_storage: grant,
});

const receipt = obj({
  schemaVersion: oneOf('samtykke-receipt/1'),
  receiptId: uuid,
  recordId: uuid,
  createdAt: time,
  controller: obj(
    {
      name: str(200, 1),
      orgNo: str(100),
      contact: str(500),
      country: str(2, 0, COUNTRY, 'an ISO 3166-1 alpha-2 code'),
      url: str(2048),
    },
    ['orgNo', 'contact', 'country', 'url'],
  ),
  jurisdiction: str(64, 1),
  notice: obj(
    {
      policyVersion: str(100, 1),
      privacyUrl: str(2048),
      cookiePolicyUrl: str(2048),
      configRevision: int(0, Number.MAX_SAFE_INTEGER),
      language: str(35, 2),
      configHash: hash,
      textHash: hash,
      library: str(100, 1),
    },
    ['privacyUrl', 'cookiePolicyUrl'],
  ),
  purposes: list(50, purpose),
  event: obj(
    {
      state: oneOf('given', 'refused', 'updated', 'withdrawn', 'expired'),
      time,
      validUntil: time,
      action: oneOf('accept-all', 'reject-all', 'save-selection', 'withdraw', 'api', 'signal', 'embed'),
      layer: oneOf(0, 1, 2),
      expressedBy: oneOf('data-subject', 'signal', 'system'),
      withdrawn: obj({ categories: list(50, str(100, 1)), services: list(200, str(100, 1)) }),
    },
    ['withdrawn'],
  ),
  signals: obj({ gpc: bool(), gpcApplied: oneOf('none', 'pre-refused-marketing') }),
  consentMode: nullable(consentMode, 'an object with the seven Consent Mode types'),
  context: obj({ pageOrigin: str(300), pagePath: str(2048), uaFamily: str(64) }),
  withdrawalMethod: str(500),
  integrity: obj({
    canonicalization: oneOf('JCS-RFC8785'),
    receiptHash: hash,
    previousHash: nullable(hash, 'a sha256-<base64> hash'),
  }),
});

/**
 * Check that a value is a well-formed `samtykke-receipt/1` (the rules of receipt.schema.json, without
 * a schema engine). Messages name the JSON path, what was expected and what was given, e.g.
 * `receipts[2].event.state: expected one of given|refused|updated|withdrawn|expired, got "maybe"`.
 */
export function validateReceipt(value: unknown, path = 'receipt'): ReceiptValidation {
  const errors: string[] = [];
  receipt(value, path, errors);
  return errors.length === 0 ? { ok: true, receipt: value as Receipt } : { ok: false, errors };
}
