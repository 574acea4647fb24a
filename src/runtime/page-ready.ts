/** Resolves once `document.body` exists (its one home is core/body-ready.ts, which the first layer uses too). */
export { bodyReady } from '../core/body-ready.js';
