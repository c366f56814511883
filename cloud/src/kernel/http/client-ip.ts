import ipaddr from 'ipaddr.js';

/**
 * The client's address. X-Forwarded-For is believed only when the TCP peer is a configured proxy (off by
 * default): otherwise any client could claim an allow-listed address. With proxies, the rightmost address
 * that is not itself a trusted proxy is the client (RFC 7239 §5.2 semantics applied to X-Forwarded-For).
 */
export function clientIp(
  peer: string | null,
  forwardedFor: string | undefined,
  trustedProxies: readonly string[],
): string | null {
  if (!peer) return null;
  const normalizedPeer = normalize(peer);
  if (!normalizedPeer || trustedProxies.length === 0 || !inAny(normalizedPeer, trustedProxies))
    return normalizedPeer;
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((h) => normalize(h.trim()))
    .filter((h): h is string => h !== null);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!inAny(hop, trustedProxies)) return hop;
  }
  return normalizedPeer;
}

/** Parse and unwrap IPv4-mapped IPv6 (::ffff:127.0.0.2 is 127.0.0.2), or null if it is not an address. */
export function normalize(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address().toString();
  }
  return parsed.toString();
}

export function inAny(address: string, cidrs: readonly string[]): boolean {
  const ip = ipaddr.parse(address);
  return cidrs.some((cidr) => {
    const [range, bits] = ipaddr.parseCIDR(cidr);
    return range.kind() === ip.kind() && ip.match(range, bits);
  });
}
