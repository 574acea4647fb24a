import { describe, expect, it } from 'vitest';
import type { RuleMatch } from '../../../src/blocker/rules.js';
import { heldUrl } from '../../../src/blocker/url-attributes.js';

const MATCH: RuleMatch = { category: 'marketing', service: 'meta-pixel' };

/** A check that holds URLs on the tracker's host and records every URL it was asked about. */
function tracker() {
  const asked: string[] = [];
  const check = (url: string, kind: string) => {
    asked.push(`${kind} ${url}`);
    return url.includes('tracker.test') ? MATCH : undefined;
  };
  return { asked, check };
}

describe('heldUrl(): the rule that holds back a URL an attribute value asks for', () => {
  it('a single-URL attribute is checked whole, spaces and commas included', () => {
    const { asked, check } = tracker();
    expect(heldUrl(check, 'script', 'src', 'https://tracker.test/a.js?x=1, 2')).toBe(MATCH);
    expect(asked).toEqual(['script https://tracker.test/a.js?x=1, 2']);
  });

  it('srcset candidates are checked one by one until one is held, descriptors and commas aside', () => {
    const { asked, check } = tracker();
    const srcset = '/small.png 1x,  https://tracker.test/p.gif 2x, /late.png 3x';
    expect(heldUrl(check, 'img', 'srcset', srcset)).toBe(MATCH);
    expect(asked).toEqual(['img /small.png', 'img 1x', 'img https://tracker.test/p.gif']);
  });

  it('every URL of a ping list is checked', () => {
    const { check } = tracker();
    expect(heldUrl(check, 'a', 'ping', '/own https://tracker.test/ping')).toBe(MATCH);
  });

  it('control: nothing on a tracker host, nothing held', () => {
    const { asked, check } = tracker();
    expect(heldUrl(check, 'img', 'srcset', '/a.png 1x, /b.png 2x')).toBeUndefined();
    expect(heldUrl(check, 'img', 'srcset', ' , ')).toBeUndefined();
    expect(asked).toEqual(['img /a.png', 'img 1x', 'img /b.png', 'img 2x']);
  });
});
