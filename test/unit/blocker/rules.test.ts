import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../../src/blocker/rules.js';
import { normalizeConfig } from '../../../src/core/index.js';
import type { SamtykkeConfig } from '../../../src/types.js';

const base = () => 'https://www.fjordkaffe.no/side';
const matcher = (config: SamtykkeConfig = {}, skip?: Set<string>) => createMatcher(normalizeConfig(config), base, skip);

describe('built-in rules', () => {
  const match = matcher();

  it('maps each vendor’s real hosts to its service and default category', () => {
    expect(match('https://www.googletagmanager.com/gtag/js?id=G-ABC')).toEqual({
      category: 'statistics',
      service: 'google-analytics',
    });
    expect(match('https://www.googletagmanager.com/gtm.js?id=GTM-1')).toEqual({
      category: 'statistics',
      service: 'google-tag-manager',
    });
    expect(match('https://static.hotjar.com/c/hotjar-1.js?sv=6')).toEqual({
      category: 'statistics',
      service: 'hotjar',
    });
    expect(match('https://connect.facebook.net/en_US/fbevents.js')).toEqual({
      category: 'marketing',
      service: 'meta-pixel',
    });
    expect(match('https://www.facebook.com/tr?id=1')).toEqual({ category: 'marketing', service: 'meta-pixel' });
    expect(match('https://snap.licdn.com/li.lms-analytics/insight.min.js')?.service).toBe('linkedin-insight');
    expect(match('https://analytics.tiktok.com/i18n/pixel/events.js')?.service).toBe('tiktok-pixel');
    expect(match('https://www.clarity.ms/tag/abc')?.service).toBe('microsoft-clarity');
    expect(match('https://bat.bing.com/bat.js')?.service).toBe('microsoft-uet');
    expect(match('https://cdn.matomo.cloud/x.matomo.cloud/matomo.js')?.service).toBe('matomo-cloud');
    expect(match('https://www.youtube-nocookie.com/embed/x')?.service).toBe('youtube');
    expect(match('https://player.vimeo.com/video/1')?.service).toBe('vimeo');
    expect(match('https://www.google.com/maps/embed?pb=1')?.service).toBe('google-maps');
  });

  it('`*.host` covers subdomains at any depth and the host itself, and nothing that merely ends alike', () => {
    expect(match('https://region1.google-analytics.com/g/collect')?.service).toBe('google-analytics');
    expect(match('https://a.b.hotjar.com/x')?.service).toBe('hotjar');
    expect(match('https://hotjar.com/')?.service).toBe('hotjar');
    expect(match('https://nothotjar.com/')).toBeUndefined();
  });

  it('a path prefix (including a query prefix) beats the bare host, and other paths on that host do not match it', () => {
    expect(match('https://www.googletagmanager.com/gtag/js?id=AW-123')?.service).toBe('google-ads');
    expect(match('https://www.google-analytics.com/analytics.js')?.service).toBe('universal-analytics');
    expect(match('https://www.google.com/search?q=kaffe')).toBeUndefined();
  });

  it('ignores the site itself, relative URLs without a rule, other schemes and junk', () => {
    expect(match('/assets/app.js')).toBeUndefined();
    expect(match('https://www.fjordkaffe.no/app.js')).toBeUndefined();
    expect(match('data:text/javascript,1')).toBeUndefined();
    expect(match('http://[::1')).toBeUndefined();
  });

  it('compares hosts case-insensitively', () => {
    expect(match('HTTPS://STATIC.HOTJAR.COM/c/x.js')?.service).toBe('hotjar');
  });
});

describe('owner configuration', () => {
  it('a listed vendor takes the category the owner put it in', () => {
    const match = matcher({ categories: { statistics: { services: ['youtube'] } } });
    expect(match('https://www.youtube.com/embed/x')).toEqual({ category: 'statistics', service: 'youtube' });
  });

  it('a built-in listed as necessary (GTM loading before consent) is allowed with necessary; more specific rules still apply', () => {
    const match = matcher({
      categories: { necessary: { services: ['google-tag-manager'] }, statistics: { services: ['google-analytics'] } },
    });
    expect(match('https://www.googletagmanager.com/gtm.js?id=GTM-1')).toEqual({
      category: 'necessary',
      service: 'google-tag-manager',
    });
    expect(match('https://www.googletagmanager.com/gtag/js?id=G-1')?.category).toBe('statistics');
  });

  it('an owner service’s own hosts are rules', () => {
    const match = matcher({
      categories: {
        preferences: { services: [{ id: 'chat', hosts: ['widget.chat.example', '*.chatcdn.example/v2'] }] },
      },
    });
    expect(match('https://widget.chat.example/load.js')).toEqual({ category: 'preferences', service: 'chat' });
    expect(match('https://eu.chatcdn.example/v2/x.js')).toEqual({ category: 'preferences', service: 'chat' });
    expect(match('https://eu.chatcdn.example/v1/x.js')).toBeUndefined();
  });

  it('owner rules win over built-in ones, even with a shorter pattern', () => {
    const match = matcher({
      categories: { statistics: {}, marketing: {} },
      blocking: { rules: [{ pattern: 'www.googletagmanager.com', category: 'marketing' }] },
    });
    expect(match('https://www.googletagmanager.com/gtag/js?id=G-1')).toEqual({ category: 'marketing' });
  });

  it('a rule naming a service takes that service’s category; a same-site path can be held', () => {
    const match = matcher({
      categories: { statistics: { services: [{ id: 'own-stats' }] } },
      blocking: { rules: [{ pattern: 'www.fjordkaffe.no/stats/', service: 'own-stats' }] },
    });
    expect(match('/stats/collect.js')).toEqual({ category: 'statistics', service: 'own-stats' });
  });

  it('a pattern with a port matches only that port; one without matches any port', () => {
    const match = matcher({
      categories: { statistics: { services: [{ id: 'stand-in', hosts: ['localhost:8080/stand-in/'] }] } },
    });
    expect(match('http://localhost:8080/stand-in/gtag.js')).toEqual({ category: 'statistics', service: 'stand-in' });
    expect(match('http://localhost:9090/stand-in/gtag.js')).toBeUndefined();
    expect(match('https://static.hotjar.com:8443/c/x.js')?.service).toBe('hotjar');
  });

  it('skipped services (Consent Mode advanced) are not held', () => {
    const match = matcher({}, new Set(['google-analytics', 'google-tag-manager']));
    expect(match('https://www.googletagmanager.com/gtag/js?id=G-1')).toBeUndefined();
    expect(match('https://static.hotjar.com/c/x.js')?.service).toBe('hotjar');
  });
});

describe('undeclared vendors released with their category', () => {
  const optIn = { blocking: { undeclaredVendors: 'release-with-category' as const } };

  it('match under their catalogue category, as when held', () => {
    const url = 'https://www.clarity.ms/tag/abc';
    expect(matcher({ categories: { statistics: {} }, ...optIn })(url)).toEqual(
      matcher({ categories: { statistics: {} } })(url),
    );
    expect(matcher({ categories: { statistics: {} }, ...optIn })(url)).toEqual({
      category: 'statistics',
      service: 'microsoft-clarity',
    });
  });

  it("still rank below the owner's own services on the same host", () => {
    const owner = { id: 'clarity-proxy', name: 'Clarity proxy', hosts: ['*.clarity.ms'] };
    const match = matcher({ categories: { statistics: {}, marketing: { services: [owner] } }, ...optIn });
    expect(match('https://www.clarity.ms/tag/abc')).toEqual({ category: 'marketing', service: 'clarity-proxy' });
  });
});
