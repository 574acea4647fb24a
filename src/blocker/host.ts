/**
 * One spelling per host before any rule is looked up. The WHATWG URL parser already lowercases a host and turns
 * an internationalised name into its punycode (`bløgg.no` → `xn--blgg-hra.no`), but it keeps a trailing dot:
 * `connect.facebook.net.` is a fully qualified name that DNS resolves to the same server, so without this a
 * single dot walks past every rule. A port (`localhost:8080`) is kept.
 */
export function canonicalHost(host: string): string {
  try {
    const { hostname, port } = new URL(`http://${host}`);
    return port ? `${withoutRootDot(hostname)}:${port}` : withoutRootDot(hostname);
  } catch {
    return withoutRootDot(host.toLowerCase());
  }
}

/** `hostname` of a parsed URL (already lowercase and punycode) without the DNS root's trailing dot. */
export const withoutRootDot = (hostname: string): string => hostname.replace(/\.+$/, '');
