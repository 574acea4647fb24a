import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** How client addresses are kept: never raw. */
export type IpStorage = 'truncate' | 'hash' | 'drop';

/** The eight groups of an IPv6 address, `::` shorthand expanded and leading zeros dropped. */
export function expandIPv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('%')[0]?.split('::') ?? [];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.map((group) => Number.parseInt(group, 16).toString(16));
}

/** The first three groups of an IPv6 address (a /48). */
function ipv6Prefix48(ip: string): string {
  return `${expandIPv6(ip).slice(0, 3).join(':')}::/48`;
}

/**
 * The form of a client address the ledger may store: `truncate` keeps the /24 (IPv4) or /48
 * (IPv6) network, `hash` a keyed HMAC-SHA-256 (stable per key, not reversible without it),
 * `drop` nothing.
 */
export function anonymizeIp(ip: string | undefined, mode: IpStorage, hashKey?: string): string | null {
  if (!ip || mode === 'drop') return null;
  // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d.
  const address = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (mode === 'hash') {
    if (!hashKey) throw new Error('ipStorage "hash" needs ipHashKey');
    return `hmac-sha256:${createHmac('sha256', hashKey).update(address).digest('base64url').slice(0, 22)}`;
  }
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(address)) return ipv6Prefix48(address.split('%')[0] as string);
  return null;
}
