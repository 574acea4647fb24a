import { UUID } from '../core/formats.js';
import type { Receipt } from '../types.js';
import { canonicalString } from './canonical.js';

/** Outcome of {@link validateReceipt}: the receipt, typed, or every problem found (capped). */
export type ReceiptValidation = { ok: true; receipt: Receipt } | { ok: false; errors: string[] };

// A rule checks the value found at `path` + `key` and appends messages to `errors`; the value's own path is put
// together only when a message needs it (a valid receipt costs no path strings). The rules below mirror
// receipt.schema.json one to one; test/unit/ledger/schema.test.ts proves the two agree. Each rule also writes the
// canonical JSON (RFC 8785) of a value it accepted, from the same definitions: the server hashes what it validated
// without a general canonicaliser's key listing and sorting per object.
type Key = string | number;
interface Rule {
  (value: unknown, path: string, key: Key, errors: string[]): void;
  /** The canonical JSON of a value this rule accepted (for any other value, whatever it writes means nothing). */
  canonical: (value: unknown) => string;
}

const MAX_ERRORS = 20;
const TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?Z$/;
const HASH = /^sha256-[A-Za-z0-9+/]{43}=$/;
const COUNTRY = /^[A-Z]{2}$/;

/** The path of the value under `key`: a property (`.name`, given with its dot) or an array index. */
function at(path: string, key: Key): string {
  return typeof key === 'number' ? `${path}[${key}]` : path + key;
}

// Strings, numbers and booleans: JSON.stringify writes ECMAScript's forms, which are RFC 8785's.
const scalar = (value: unknown) => JSON.stringify(value);
// A string whose pattern admits only characters JSON writes as they are (no quote, backslash or control character).
const quoted = (value: unknown) => `"${value as string}"`;
// Any other string.
const string = (value: unknown) => canonicalString(value as string);

function rule(check: (value: unknown, path: string, key: Key, errors: string[]) => void, canonical = scalar): Rule {
  return Object.assign(check, { canonical });
}

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

function fail(errors: string[], path: string, key: Key, expected: string, value: unknown): void {
  if (errors.length < MAX_ERRORS) errors.push(`${at(path, key)}: expected ${expected}, got ${describe(value)}`);
}

// JSON Schema lengths count code points, not UTF-16 units; only strings near the cap need counting.
function codePoints(text: string, max: number): number {
  if (text.length <= max) return text.length;
  if (text.length > max * 2) return text.length;
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** A string rule; `plain` when its pattern admits only characters JSON writes as they are. */
function str(max: number, min = 0, pattern?: RegExp, what?: string, plain = false): Rule {
  return rule(
    (value, path, key, errors) => {
      if (typeof value !== 'string') return fail(errors, path, key, what ?? 'a string', value);
      const length = codePoints(value, max);
      if (length > max) return fail(errors, path, key, `a string of at most ${max} characters`, value);
      if (length < min)
        return fail(errors, path, key, `a string of at least ${min} character${min > 1 ? 's' : ''}`, value);
      if (pattern && !pattern.test(value))
        fail(errors, path, key, what ?? `a string matching ${pattern.source}`, value);
    },
    plain ? quoted : string,
  );
}

function oneOf(...options: Array<string | number>): Rule {
  const written = new Map(options.map((option) => [option, JSON.stringify(option)]));
  return rule(
    (value, path, key, errors) => {
      if (!options.includes(value as string | number)) fail(errors, path, key, `one of ${options.join('|')}`, value);
    },
    (value) => written.get(value as string | number) ?? scalar(value),
  );
}

function bool(): Rule {
  return rule(
    (value, path, key, errors) => {
      if (typeof value !== 'boolean') fail(errors, path, key, 'true or false', value);
    },
    (value) => (value ? 'true' : 'false'),
  );
}

function int(min: number, max: number): Rule {
  return rule((value, path, key, errors) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      fail(errors, path, key, `an integer from ${min} to ${max}`, value);
    }
  });
}

function nullable(check: Rule, what: string): Rule {
  return rule(
    (value, path, key, errors) => {
      if (value === null) return;
      const own: string[] = [];
      check(value, path, key, own);
      if (own.length > 0) fail(errors, path, key, `null or ${what}`, value);
    },
    (value) => (value === null ? 'null' : check.canonical(value)),
  );
}

function list(max: number, item: Rule): Rule {
  return rule(
    (value, path, key, errors) => {
      if (!Array.isArray(value)) return fail(errors, path, key, 'an array', value);
      if (value.length > max) return fail(errors, path, key, `an array of at most ${max} items`, value);
      const here = at(path, key);
      for (let index = 0; index < value.length && errors.length < MAX_ERRORS; index++) {
        item(value[index], here, index, errors);
      }
    },
    (value) => {
      const items = value as unknown[];
      let out = '[';
      for (let index = 0; index < items.length; index++) {
        if (index > 0) out += ',';
        out += item.canonical(items[index]);
      }
      return `${out}]`;
    },
  );
}

/** An object with exactly these properties; `optional` names those that may be absent. */
function obj(properties: Record<string, Rule>, optional: readonly string[] = []): Rule {
  const members = Object.entries(properties).map(([name, check]) => ({
    name,
    key: `.${name}`,
    check,
    required: !optional.includes(name),
  }));
  // In canonical order (UTF-16 code units, JavaScript's default sort), each with its name already quoted.
  const sorted = members
    .map(({ name, check, required }) => ({ name, quoted: `${JSON.stringify(name)}:`, check, required }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return rule(
    (value, path, key, errors) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return fail(errors, path, key, 'an object', value);
      const record = value as Record<string, unknown>;
      const here = at(path, key);
      let found = 0;
      for (const member of members) {
        if (!Object.hasOwn(record, member.name)) {
          if (member.required && errors.length < MAX_ERRORS) errors.push(`${here}${member.key}: required, missing`);
          continue;
        }
        found++;
        member.check(record[member.name], here, member.key, errors);
      }
      // Every own property was one of ours unless there are more of them than we found. Counted without the array
      // Object.keys makes (one per object of every receipt); for-in counts inherited enumerable names too, which
      // only sends a receipt with them to the listing below, where own names alone are told.
      let count = 0;
      for (const _ in record) count++;
      if (count === found) return;
      for (const name of Object.keys(record)) {
        if (!Object.hasOwn(properties, name) && errors.length < MAX_ERRORS) {
          errors.push(`${here}.${name.length > 40 ? `${name.slice(0, 40)}…` : name}: unexpected property`);
        }
      }
    },
    (value) => {
      const record = value as Record<string, unknown>;
      let out = '{';
      for (const member of sorted) {
        // A value this rule accepted has every required member; only an optional one may be absent.
        if (!member.required && !Object.hasOwn(record, member.name)) continue;
        if (out.length > 1) out += ',';
        out += member.quoted + member.check.canonical(record[member.name]);
      }
      return `${out}}`;
    },
  );
}

const uuid = str(36, 0, UUID, 'a UUID', true);
const timeText = str(40, 0, TIME, 'an ISO 8601 UTC time like 2026-05-01T12:00:00.000Z', true);
/** Days in each month of a common year; February has 29 in a leap year. */
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Whether an ISO time of TIME's form names a real instant: no month 13, no 30 February, no hour 25 or 24. */
function realTime(text: string): boolean {
  const digits = (from: number, to: number) => Number(text.slice(from, to));
  const year = digits(0, 4);
  const month = digits(5, 7);
  const day = digits(8, 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  return day >= 1 && day <= days && digits(11, 13) <= 23 && digits(14, 16) <= 59 && digits(17, 19) <= 59;
}
/** An ISO time that names a real instant: no month 13, no 30 February, no hour 25. */
const time = rule((value, path, key, errors) => {
  timeText(value, path, key, errors);
  if (typeof value === 'string' && TIME.test(value) && !realTime(value)) {
    fail(errors, path, key, 'a real date and time', value);
  }
}, quoted);
const hash = str(51, 0, HASH, 'a sha256-<base64> hash', true);
const grant = oneOf('granted', 'denied');
/** A marker present only when it holds. */
const flag = rule(
  (value, path, key, errors) => {
    if (value !== true) fail(errors, path, key, 'true', value);
  },
  () => 'true',
);

const COOKIES = list(200, obj({ name: str(200, 1), expiry: str(100) }));
const SERVICE = {
  id: str(100, 1),
  name: str(200),
  provider: str(200),
  status: grant,
  recipient: str(200),
  thirdCountries: list(250, str(100)),
  retention: str(200),
  cookies: COOKIES,
  implicit: flag,
};
const SERVICE_OPTIONAL = ['provider', 'recipient', 'retention', 'implicit'];
const PURPOSE = {
  id: str(100, 1),
  title: str(200),
  status: oneOf('granted', 'denied', 'not-applicable'),
  lawfulBasis: oneOf('strictly-necessary', 'consent'),
};

const consentMode = obj({
  ad_storage: grant,
  ad_user_data: grant,
  ad_personalization: grant,
  analytics_storage: grant,
  functionality_storage: grant,
  personalization_storage: grant,
  security_storage: grant,
});

const CONTROLLER = {
  name: str(200, 1),
  orgNo: str(100),
  contact: str(500),
  country: str(2, 0, COUNTRY, 'an ISO 3166-1 alpha-2 code', true),
  url: str(2048),
};
const CONTROLLER_OPTIONAL = ['orgNo', 'contact', 'country', 'url'];
const EVENT = {
  state: oneOf('given', 'refused', 'updated', 'withdrawn', 'expired'),
  time,
  validUntil: time,
  action: oneOf('accept-all', 'reject-all', 'save-selection', 'withdraw', 'api', 'signal', 'embed'),
  layer: oneOf(0, 1, 2),
  expressedBy: oneOf('data-subject', 'signal', 'system'),
  withdrawn: obj({ categories: list(50, str(100, 1)), services: list(200, str(100, 1)) }),
};

const canonicalization = oneOf('JCS-RFC8785');
const previousHash = nullable(hash, 'a sha256-<base64> hash');
/** The members both versions share; `schemaVersion`, `controller`, `purposes` and `event` differ between them. */
const COMMON = {
  receiptId: uuid,
  recordId: uuid,
  createdAt: time,
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
  signals: obj({ gpc: bool(), gpcApplied: oneOf('none', 'pre-refused-marketing') }),
  consentMode: nullable(consentMode, 'an object with the seven Consent Mode types'),
  context: obj({ pageOrigin: str(300), pagePath: str(2048), uaFamily: str(64) }),
  withdrawalMethod: str(500),
  integrity: obj({ canonicalization, receiptHash: hash, previousHash }),
};

const V1 = 'samtykke-receipt/1';
const V2 = 'samtykke-receipt/2';

/** `samtykke-receipt/1`, as ledgers made before version 2 hold it: accepted as it was, nothing added. */
const v1Properties = {
  // Either name, so a version string that is neither is told both.
  schemaVersion: oneOf(V1, V2),
  ...COMMON,
  controller: obj(CONTROLLER, CONTROLLER_OPTIONAL),
  purposes: list(50, obj({ ...PURPOSE, services: list(200, obj(SERVICE, SERVICE_OPTIONAL)) })),
  event: obj(EVENT, ['withdrawn']),
};

/**
 * `samtykke-receipt/2`: version 1 and the ISO/IEC TS 27560 fields it lacked: the controller's postal address,
 * the consent type, and per service the recipient's role, the transfer mechanism and the personal-data categories.
 */
const v2Properties = {
  schemaVersion: oneOf(V2),
  ...COMMON,
  controller: obj({ ...CONTROLLER, address: str(500) }, [...CONTROLLER_OPTIONAL, 'address']),
  purposes: list(
    50,
    obj({
      ...PURPOSE,
      services: list(
        200,
        obj(
          {
            ...SERVICE,
            role: oneOf('processor', 'joint-controller', 'controller'),
            transfer: oneOf('adequacy', 'scc', 'bcr', 'derogation'),
            dataCategories: list(50, str(100, 1)),
          },
          [...SERVICE_OPTIONAL, 'role', 'transfer'],
        ),
      ),
    }),
  ),
  event: obj({ ...EVENT, consentType: oneOf('explicitly-expressed', 'expressed', 'not-applicable') }, ['withdrawn']),
};

// What `integrity.receiptHash` covers: the receipt without that one field (as `receiptHashInput` in hash.ts).
const withoutReceiptHash = { integrity: obj({ canonicalization, previousHash }) };
const versions = {
  [V1]: { receipt: obj(v1Properties), hashInput: obj({ ...v1Properties, ...withoutReceiptHash }) },
  [V2]: { receipt: obj(v2Properties), hashInput: obj({ ...v2Properties, ...withoutReceiptHash }) },
};
/** The rules of the version a value names; version 1's for any other, so its `schemaVersion` is refused. */
const rulesOf = (value: unknown) =>
  (value as { schemaVersion?: unknown } | null)?.schemaVersion === V2 ? versions[V2] : versions[V1];

/**
 * Check that a value is a well-formed `samtykke-receipt/2`, or `samtykke-receipt/1` as older ledgers hold it (the
 * rules of receipt.schema.json, without a schema engine); its `schemaVersion` says which. Messages name the JSON
 * path, what was expected and what was given, e.g.
 * `receipts[2].event.state: expected one of given|refused|updated|withdrawn|expired, got "maybe"`.
 */
export function validateReceipt(value: unknown, path = 'receipt'): ReceiptValidation {
  const errors: string[] = [];
  rulesOf(value).receipt(value, path, '', errors);
  return errors.length === 0 ? { ok: true, receipt: value as Receipt } : { ok: false, errors };
}

/**
 * The canonical JSON (RFC 8785) of what a receipt's `integrity.receiptHash` covers: the same bytes as
 * `canonicalize(receiptHashInput(receipt))`, written from the rules above without listing and sorting each
 * object's keys. Only for a receipt {@link validateReceipt} accepted: it writes the properties the rules know,
 * so anything else (an unvalidated or altered receipt, as `verify` reads) needs the general canonicaliser.
 */
export function canonicalReceiptHashInput(valid: Receipt): string {
  return rulesOf(valid).hashInput.canonical(valid);
}

interface TopMember {
  name: string;
  quoted: string;
  receipt: Rule;
  hashInput: Rule;
}
let topMembers: Record<string, TopMember[]> | undefined;

/**
 * The canonical JSON (RFC 8785) of a receipt {@link validateReceipt} accepted, and of what its hash covers
 * (as {@link canonicalReceiptHashInput}). The two differ only in `integrity.receiptHash`, the last of
 * `integrity`'s names in canonical order, so what the hash covers is written once and the receipt is that text
 * with the member put back before `integrity`'s closing brace: two slices of one flat string, which cost a copy to
 * flatten, instead of a second tree of pieces. The server stores the first and hashes the second.
 */
export function canonicalReceiptTexts(valid: Receipt): { receipt: string; hashInput: string } {
  // Built on first use, so a bundle that never calls this keeps none of it.
  topMembers ??= Object.fromEntries(
    [
      [V1, v1Properties],
      [V2, v2Properties],
    ].map(([version, properties]) => [
      version as string,
      Object.keys(properties as Record<string, Rule>)
        .sort()
        .map((name) => {
          const rule = (properties as Record<string, Rule>)[name] as Rule;
          const hashInput = name === 'integrity' ? withoutReceiptHash.integrity : rule;
          return { name, quoted: `${JSON.stringify(name)}:`, receipt: rule, hashInput };
        }),
    ]),
  );
  const record = valid as unknown as Record<string, unknown>;
  let hashInput = '{';
  // Where `integrity`'s closing brace is in `hashInput`, and whether it holds any member before it.
  let integrityEnd = -1;
  let integrityEmpty = true;
  for (const member of topMembers[valid.schemaVersion === V2 ? V2 : V1] as TopMember[]) {
    if (!Object.hasOwn(record, member.name)) continue;
    const value = member.hashInput.canonical(record[member.name]);
    hashInput += (hashInput.length > 1 ? ',' : '') + member.quoted + value;
    if (member.receipt !== member.hashInput) {
      integrityEnd = hashInput.length - 1;
      integrityEmpty = value.length <= 2;
    }
  }
  hashInput += '}';
  const integrity = valid.integrity as unknown as Record<string, unknown> | undefined;
  if (integrityEnd < 0 || !integrity || !Object.hasOwn(integrity, 'receiptHash'))
    return { receipt: hashInput, hashInput };
  const receiptHash = `${integrityEmpty ? '' : ','}"receiptHash":${hash.canonical(integrity.receiptHash)}`;
  return { receipt: hashInput.slice(0, integrityEnd) + receiptHash + hashInput.slice(integrityEnd), hashInput };
}
