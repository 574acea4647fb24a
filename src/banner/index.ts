export type { BannerHandle, BannerHost, EarlyPage, MountBanner, MountEarly } from './contract.js';
export { mountBanner } from './mount.js';
