/**
 * JSON Canonicalization Scheme (RFC 8785): the one byte-exact form of a JSON value, so a hash taken in the
 * browser and one taken on the server agree. Keys are sorted by UTF-16 code units (JavaScript's default
 * string order), and ECMAScript's number and string serialisation is exactly what the RFC prescribes.
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalize: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    // JSON.stringify turns undefined array slots into null; the canonical form must match it.
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalize(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      // Like JSON.stringify: members whose value has no JSON form are left out.
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      members.push(`${JSON.stringify(key)}:${canonicalize(member)}`);
    }
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`canonicalize: a ${typeof value} has no JSON form`);
}
