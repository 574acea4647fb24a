import { describe, expect, it } from 'vitest';
import { rewriteMarkup } from '../../../src/blocker/html-patches.js';
import type { RuleMatch } from '../../../src/blocker/rules.js';

const check = (url: string): RuleMatch | undefined =>
  url.includes('facebook')
    ? { category: 'marketing', service: 'meta-pixel' }
    : url.includes('youtube')
      ? { category: 'marketing' }
      : undefined;

describe('rewriteMarkup', () => {
  it('turns a blocked script into an owner-style held tag, keeping its other attributes and type', () => {
    expect(
      rewriteMarkup(
        '<script async type="module" src="https://connect.facebook.net/x.js?a=1&amp;b=2"></script>',
        check,
        true,
      ),
    ).toBe(
      '<script data-category="marketing" data-service="meta-pixel" type="text/plain" async data-type="module" data-src="https://connect.facebook.net/x.js?a=1&amp;b=2"></script>',
    );
  });

  it('moves a blocked frame’s src to data-src so the placeholder takes over', () => {
    expect(rewriteMarkup("<iframe width=560 src='https://www.youtube.com/embed/x'></iframe>", check, false)).toBe(
      `<iframe data-category="marketing" width=560 data-src='https://www.youtube.com/embed/x'></iframe>`,
    );
  });

  it('drops a blocked image’s src (a pixel is not kept for later)', () => {
    expect(rewriteMarkup('<img alt="" src=https://www.facebook.com/tr?id=1>', check, false)).toBe('<img alt="">');
  });

  it('leaves allowed tags, markup without tags, and (for innerHTML) scripts alone', () => {
    const html = '<p>Hei</p><script src="https://cdn.example/x.js"></script><img src="/logo.png">';
    expect(rewriteMarkup(html, check, true)).toBe(html);
    expect(rewriteMarkup('<script src="https://connect.facebook.net/x.js"></script>', check, false)).toBe(
      '<script src="https://connect.facebook.net/x.js"></script>',
    );
    expect(rewriteMarkup('plain text', check, true)).toBe('plain text');
  });

  it('reads the URL behind HTML entities before matching', () => {
    const seen: string[] = [];
    rewriteMarkup('<img src="https://x.example/?a=1&amp;b=2">', (url) => void seen.push(url), false);
    expect(seen).toEqual(['https://x.example/?a=1&b=2']);
  });
});
