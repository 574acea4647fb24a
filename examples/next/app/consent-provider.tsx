'use client';

import type { ReactNode } from 'react';
import { SamtykkeProvider } from 'samtykke/react';

/** The provider is a client component; with no config it connects to the loader tag's instance. */
export function ConsentProvider({ children }: { children: ReactNode }) {
  return <SamtykkeProvider>{children}</SamtykkeProvider>;
}
