import { afterEach, describe, expect, it } from 'vitest';
import { uuid } from '../../../src/core/index.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuid', () => {
  // An own property shadows the prototype's method; deleting it brings the method back.
  afterEach(() => {
    Reflect.deleteProperty(crypto, 'randomUUID');
  });

  it('gives a v4 UUID', () => {
    expect(uuid()).toMatch(V4);
  });

  it('still gives distinct v4 UUIDs where crypto.randomUUID is missing (plain-http pages)', () => {
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    expect(typeof crypto.randomUUID).toBe('undefined');
    const ids = new Set(Array.from({ length: 50 }, () => uuid()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(V4);
  });
});
