import { VENDORS } from './vendors.js';

/**
 * The built-in vendors as the first layer needs them, to read the config with their names and providers: it names
 * the third parties before "Accept all", before the runtime (which has the whole catalogue) arrives. The banner
 * files carry only the ids, hosts, names and providers: their build puts a table of those in place of this module
 * (`vendorNames` in rollup.config.ts), so the cookies and storage keys stay in the runtime.
 */
export const namedVendors = () => VENDORS;
