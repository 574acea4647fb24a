'use client';

import { ConsentGate, useConsent } from 'samtykke/react';

export function CoffeeVideo() {
  const consent = useConsent();
  return (
    <>
      <p data-testid="status">statistics: {consent.isGranted('statistics') ? 'yes' : 'no'}</p>
      <ConsentGate
        service="youtube"
        fallback={({ allowService }) => (
          <p>
            The video is from YouTube, which sets cookies.{' '}
            <button type="button" onClick={() => allowService('youtube')}>
              Load the YouTube video
            </button>
          </p>
        )}
      >
        <iframe title="How we roast" width="400" height="225" src="https://www.youtube.com/embed/roast" />
      </ConsentGate>
      <button type="button" onClick={() => consent.showPreferences()}>
        Cookie settings
      </button>
    </>
  );
}
