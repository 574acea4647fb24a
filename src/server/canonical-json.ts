/**
 * RFC 8785 canonical JSON (JCS), the same bytes as `src/ledger/canonical.ts` produces, built for the server's
 * hot path: one string grown in place instead of an array of members per object, object keys sorted only when
 * they are not in order already, and the quoted form of each key name remembered (receipts repeat the same few
 * dozen names). `test/server/canonical-json.test.ts` checks it against the general one.
 */

import { canonicalString } from '../ledger/canonical.js';

// Quoted key names, `"name":`; bounded, so hostile key names cannot grow it without end.
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 4096;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < MAX_QUOTED_KEYS && key.length <= 64) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function sortedKeys(record: object): string[] {
  const keys = Object.keys(record);
  for (let index = 1; index < keys.length; index++) {
    if ((keys[index - 1] as string) > (keys[index] as string)) return keys.sort();
  }
  return keys;
}

/** The canonical form of a JSON value (as `canonicalize` in src/ledger/canonical.ts). */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalize: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let index = 0; index < value.length; index++) {
          if (index > 0) out += ',';
          const item = value[index];
          // JSON.stringify turns undefined array slots into null; the canonical form must match it.
          out += item === undefined ? 'null' : canonicalJson(item);
        }
        return `${out}]`;
      }
      let out = '{';
      let first = true;
      const record = value as Record<string, unknown>;
      for (const key of sortedKeys(record)) {
        const member = record[key];
        // Like JSON.stringify: members whose value has no JSON form are left out.
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        if (!first) out += ',';
        first = false;
        out += quotedKey(key) + canonicalJson(member);
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalize: a ${typeof value} has no JSON form`);
  }
}
