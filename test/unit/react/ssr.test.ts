// @vitest-environment node
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createSamtykke } from '../../../src/index.js';
import { ConsentGate, SamtykkeProvider, useConsent } from '../../../src/react/index.js';

function Status() {
  const consent = useConsent();
  return createElement(
    'p',
    null,
    `decision=${String(consent.decision)} statistics=${consent.isGranted('statistics')} youtube=${consent.isServiceAllowed('youtube')}`,
  );
}

describe('samtykke/react on the server (renderToString in Node, no document)', () => {
  it('renders "not decided": nothing granted, every gate shows its placeholder, no throw', () => {
    expect(typeof document).toBe('undefined');
    const html = renderToString(
      createElement(
        SamtykkeProvider,
        {
          config: {
            categories: { statistics: { services: ['google-analytics'] }, marketing: { services: ['youtube'] } },
          },
        },
        createElement(Status),
        createElement(ConsentGate, { category: 'statistics', fallback: 'stats placeholder' }, 'ANALYTICS'),
        createElement(
          ConsentGate,
          { service: 'youtube', fallback: (consent) => `video placeholder ${consent.instance === null}` },
          'VIDEO',
        ),
      ),
    );
    expect(html).toContain('decision=null statistics=false youtube=false');
    expect(html).toContain('stats placeholder');
    expect(html).toContain('video placeholder true');
    expect(html).not.toContain('ANALYTICS');
    expect(html).not.toContain('VIDEO');
  });

  it('says what is missing when the provider or the gate target is', () => {
    expect(() => renderToString(createElement(Status))).toThrow('need a <SamtykkeProvider> above them');
    expect(() =>
      renderToString(createElement(SamtykkeProvider, {}, createElement(ConsentGate, {} as never, 'x'))),
    ).toThrow('<ConsentGate> needs a category or a service');
  });

  it('createSamtykke() on the server names the problem instead of a bare ReferenceError', () => {
    expect(() => createSamtykke({})).toThrow(/createSamtykke\(\) needs a browser document.*useEffect/);
  });
});
