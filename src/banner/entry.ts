/** The first layer's script-tag entry (`dist/samtykke-banner.<lang>.js`): registers `window.SamtykkeBanner`. */
export { VERSION as version } from '../core/version.js';
// The runtime's mount takes over the banner this file mounted before it came.
export { adoptOrMount as mountBanner, mountEarly } from './early.js';
