/**
 * Global Privacy Control (W3C GPC): `navigator.globalPrivacyControl === true` asks sites not to sell or share
 * data or use it for cross-context advertising. It is never read as consent; samtykke uses it only to pre-refuse
 * marketing.
 */
export function readGpc(nav: { globalPrivacyControl?: unknown } | undefined): boolean {
  return nav?.globalPrivacyControl === true;
}
