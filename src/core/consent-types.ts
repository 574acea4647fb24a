import type { ConsentModeType } from '../types.js';

/** Google Consent Mode's consent types, in the order its defaults are sent (integrations/consent-mode.ts). */
export const CONSENT_TYPES: readonly ConsentModeType[] = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
];
