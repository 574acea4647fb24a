import { afterEach, describe, expect, it } from 'vitest';
import { uuid } from '../../../src/core/index.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The Unix milliseconds a v7 UUID starts with. */
const timeOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuid', () => {
  // An own property shadows the prototype's method; deleting it brings the method back.
  afterEach(() => {
    Reflect.deleteProperty(crypto, 'randomUUID');
  });

  it('gives a v7 UUID that starts with the time it was made', () => {
    const at = Date.UTC(2026, 11, 3, 12, 0, 0, 123);
    const id = uuid(crypto, at);
    expect(id).toMatch(V7);
    expect(timeOf(id)).toBe(at);
    const before = Date.now();
    expect(timeOf(uuid())).toBeGreaterThanOrEqual(before);
  });

  it('sorts ids made in later milliseconds after earlier ones, as text too, however the random bits fall', () => {
    const start = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 500 }, (_, index) => uuid(crypto, start + index * 7));
    expect([...ids].sort()).toEqual(ids);
    // Control: v4 ids in the same order are not sorted.
    const v4 = Array.from({ length: 500 }, () => crypto.randomUUID());
    expect([...v4].sort()).not.toEqual(v4);
  });

  it('fills the rest from the random source: distinct ids within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uuid(crypto, 1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });

  it('needs only getRandomValues, which plain-http pages have (randomUUID is for secure contexts)', () => {
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    expect(typeof crypto.randomUUID).toBe('undefined');
    const ids = new Set(Array.from({ length: 50 }, () => uuid()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(V7);
  });

  it('writes times from the epoch up to the 48 bits a v7 holds', () => {
    expect(uuid(crypto, 0).slice(0, 13)).toBe('00000000-0000');
    expect(uuid(crypto, 2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
    expect(uuid(crypto, -5).slice(0, 13)).toBe('00000000-0000');
  });
});
