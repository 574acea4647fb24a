declare const __SAMTYKKE_VERSION__: string | undefined;

/**
 * The package version, written in by the build (and by the test config). The loader compares it with the
 * version of every file it loads lazily, so a cached loader never drives a UI from another release.
 */
export const VERSION: string = typeof __SAMTYKKE_VERSION__ === 'string' ? __SAMTYKKE_VERSION__ : '0.0.0-source';
