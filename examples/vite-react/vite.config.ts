import { samtykke } from 'samtykke/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    // Serves the loader and its lazily loaded files from /samtykke/ and puts the loader first in <head>.
    samtykke({
      integrity: true,
      config: {
        controller: { name: 'Fjordkaffe AS', contact: 'personvern@fjordkaffe.test' },
        policy: { privacyUrl: '/personvern' },
        categories: {
          statistics: { services: ['google-analytics'] },
          marketing: { services: ['youtube'] },
        },
      },
    }),
  ],
});
