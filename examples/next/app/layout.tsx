import Script from 'next/script';
import type { ReactNode } from 'react';
import { SamtykkeProvider } from 'samtykke/react';
import { consentConfig } from './consent-config';

export const metadata = { title: 'Fjordkaffe' };

// `<` escaped so no value can close the script element early.
const configJson = JSON.stringify(consentConfig).replace(/</g, '\\u003c');

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="nb">
      <head>
        {/* The config, then the loader: a plain parser-blocking tag, so it blocks before any other script runs. */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own JSON, with `<` escaped above */}
        <script id="samtykke-config" type="application/json" dangerouslySetInnerHTML={{ __html: configJson }} />
        <script src="/samtykke/samtykke.js" />
        {/* Marked: the browser fetches nothing; the loader starts it once statistics is granted. */}
        <script
          type="text/plain"
          data-category="statistics"
          data-src="https://www.googletagmanager.com/gtag/js?id=G-TEST123"
        />
      </head>
      <body>
        {/* A client component (samtykke/react says 'use client'), used here in the server layout as it is. With
            no config it connects to the loader tag's instance. */}
        <SamtykkeProvider>{children}</SamtykkeProvider>
        {/* Unmarked, added by Next.js once the page has loaded: the loader holds it as a Meta pixel until marketing
            is granted. Not afterInteractive (the default): that also puts a preload of the file in <head>, which
            the browser fetches before any script runs. */}
        <Script src="https://connect.facebook.net/en_US/fbevents.js" strategy="lazyOnload" />
      </body>
    </html>
  );
}
