import ipaddr from 'ipaddr.js';

/**
 * Staff network entries as an admin types them: a CIDR ("10.20.0.0/16"), or one address ("192.0.2.7"), which
 * becomes a single-host range (/32 or /128). Parsed with ipaddr.js, which refuses what is not an address; the
 * range is normalised to its network address so "10.20.3.4/16" is stored as "10.20.0.0/16".
 */
export type NetworkEntry = { ok: true; cidr: string } | { ok: false; input: string };

export function parseNetwork(input: string): NetworkEntry {
  const text = input.trim();
  try {
    if (text.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(text);
      const network =
        address.kind() === 'ipv4'
          ? ipaddr.IPv4.networkAddressFromCIDR(text)
          : ipaddr.IPv6.networkAddressFromCIDR(text);
      return { ok: true, cidr: `${network.toString()}/${bits}` };
    }
    const address = ipaddr.parse(text);
    return { ok: true, cidr: `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}` };
  } catch {
    return { ok: false, input: text };
  }
}
