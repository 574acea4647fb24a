/** The first layer's script-tag entry (`dist/samtykke-banner.<lang>.js`): registers `window.SamtykkeBanner`. */
export { VERSION as version } from '../core/version.js';
export { mountBanner } from './index.js';
