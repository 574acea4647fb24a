import { createRoot } from 'react-dom/client';
import { SamtykkeProvider } from 'samtykke/react';
import { App } from './App.js';

const root = document.getElementById('root');
// No config here: the provider connects to the instance the loader tag started first in <head>, which has
// been blocking since before this bundle was even requested.
if (root) {
  createRoot(root).render(
    <SamtykkeProvider>
      <App />
    </SamtykkeProvider>,
  );
}
