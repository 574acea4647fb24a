import { describe, expect, it } from 'vitest';
import {
  clearTraces,
  cookieDomains,
  cookiePaths,
  namePattern,
  tracesOf,
} from '../../../src/blocker/release/cleanup.js';
import { normalizeConfig } from '../../../src/core/index.js';

describe('cookie variants', () => {
  it('lists host-only and every parent domain down to two labels', () => {
    expect(cookieDomains('www.shop.fjordkaffe.no')).toEqual([
      undefined,
      '.www.shop.fjordkaffe.no',
      '.shop.fjordkaffe.no',
      '.fjordkaffe.no',
    ]);
    expect(cookieDomains('localhost')).toEqual([undefined]);
    expect(cookieDomains('127.0.0.1')).toEqual([undefined]);
  });

  it('lists `/` and every prefix of the path, with and without the trailing slash', () => {
    expect(cookiePaths('/kaffe/bonner/')).toEqual(['/', '/kaffe', '/kaffe/', '/kaffe/bonner', '/kaffe/bonner/']);
    expect(cookiePaths('/')).toEqual(['/']);
  });

  it('name patterns: `*` is any run of characters, everything else literal', () => {
    const matches = namePattern(['_ga_*', '_pk_id.*', '_gid']);
    expect(['_ga_ABC', '_pk_id.1.abcd', '_gid', '_ga', '_pk_idX1', 'x_gid'].map(matches)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(namePattern([])('_ga')).toBe(false);
  });
});

describe('tracesOf', () => {
  const config = normalizeConfig({
    categories: { statistics: { services: ['hotjar'] }, marketing: { services: ['meta-pixel', 'youtube'] } },
  });
  const ids = (list: unknown[]) => list.map((s) => (s as { id: string }).id);

  it('finds declared services as configured and unlisted built-ins in the catalogue; unknown ids give nothing', () => {
    expect(ids(tracesOf(config, ['hotjar', 'google-analytics', 'nope']))).toEqual(['hotjar', 'google-analytics']);
  });

  it("takes the owner's cookie list over the catalogue", () => {
    const own = normalizeConfig({
      categories: { statistics: { services: [{ id: 'hotjar', cookies: [{ name: 'own', expiry: 'P1D' }] }] } },
    });
    expect(tracesOf(own, ['hotjar'])[0]?.cookies.map((c) => c.name)).toEqual(['own']);
  });
});

describe('clearTraces', () => {
  it('deletes matching cookies and storage keys and nothing else', () => {
    // The code under test deletes through document.cookie, so the fixture sets through it too.
    for (const cookie of ['_hjSession_1=a', '_hjSessionUser_1=b', 'keep=c']) {
      // biome-ignore lint/suspicious/noDocumentCookie: what clearTraces must undo is a document.cookie write.
      document.cookie = `${cookie}; path=/`;
    }
    localStorage.setItem('_hjLocal', '1');
    localStorage.setItem('keep', '1');
    sessionStorage.setItem('_hjSessionStorageTest', '1');
    const removed = clearTraces(document, [{ cookies: [{ name: '_hj*' }], storageKeys: ['_hj*'] }]);
    expect(removed.sort()).toEqual(['_hjSessionUser_1', '_hjSession_1']);
    expect(document.cookie).toBe('keep=c');
    expect([Object.keys(localStorage), Object.keys(sessionStorage)]).toEqual([['keep'], []]);
    localStorage.clear();
  });

  it('keeps a cookie a still-allowed service shares (Google Analytics and Universal Analytics both use _ga)', () => {
    for (const cookie of ['_ga=1', '__utma=2']) {
      // biome-ignore lint/suspicious/noDocumentCookie: what clearTraces must undo is a document.cookie write.
      document.cookie = `${cookie}; path=/`;
    }
    const removed = clearTraces(
      document,
      [{ cookies: [{ name: '_ga' }, { name: '__utm*' }], storageKeys: [] }],
      [{ cookies: [{ name: '_ga' }], storageKeys: [] }],
    );
    expect(removed).toEqual(['__utma']);
    expect(document.cookie).toBe('_ga=1');
    // biome-ignore lint/suspicious/noDocumentCookie: test clean-up.
    document.cookie = '_ga=; max-age=0; path=/';
  });
});
