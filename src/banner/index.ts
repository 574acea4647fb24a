export type { BannerHandle, BannerHost, MountBanner } from './contract.js';
export { mountBanner } from './mount.js';
