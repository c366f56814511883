import { readFileSync } from 'node:fs';
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';

/** Static checks of deploy/coturn/turnserver.conf; deploy-config.int.test.ts runs coturn with it. */
const conf = readFileSync(new URL('../../../deploy/coturn/turnserver.conf', import.meta.url), 'utf8');
const lines = conf
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const values = (key: string) =>
  lines.filter((l) => l.split('=')[0] === key).map((l) => l.slice(key.length + 1));

// Node's BlockList applies an IPv4-mapped IPv6 range to plain IPv4 addresses too; coturn compares within one
// family. Keep the mapped range apart so "::ffff:0.0.0.0-…" does not make every IPv4 address look denied here.
const denied = new BlockList();
const deniedMapped = new BlockList();
for (const range of values('denied-peer-ip')) {
  const [first, last = first] = range.split('-') as [string, string?];
  const family = first.includes(':') ? 'ipv6' : 'ipv4';
  (first.startsWith('::ffff:') ? deniedMapped : denied).addRange(first, last, family);
}

// First and last address of every internal or reserved range the relay must never reach (ASVS 5.0 17.1.1).
const MUST_DENY: [string, string, string][] = [
  ['0.0.0.0/8', '0.0.0.0', '0.255.255.255'],
  ['10.0.0.0/8', '10.0.0.0', '10.255.255.255'],
  ['100.64.0.0/10', '100.64.0.0', '100.127.255.255'],
  ['127.0.0.0/8', '127.0.0.0', '127.255.255.255'],
  ['169.254.0.0/16 (cloud metadata)', '169.254.0.0', '169.254.255.255'],
  ['172.16.0.0/12', '172.16.0.0', '172.31.255.255'],
  ['192.0.0.0/24', '192.0.0.0', '192.0.0.255'],
  ['192.168.0.0/16', '192.168.0.0', '192.168.255.255'],
  ['198.18.0.0/15', '198.18.0.0', '198.19.255.255'],
  ['224.0.0.0/4', '224.0.0.0', '239.255.255.255'],
  ['240.0.0.0/4', '240.0.0.0', '255.255.255.255'],
  ['::1/128', '::1', '::1'],
  ['::ffff:0:0/96 (IPv4-mapped)', '::ffff:0.0.0.0', '::ffff:255.255.255.255'],
  ['fc00::/7', 'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['fe80::/10', 'fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['ff00::/8', 'ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
];

describe('deploy/coturn/turnserver.conf', () => {
  it.each(MUST_DENY)('denies relaying to %s', (_name, first, last) => {
    const family = first.includes(':') ? 'ipv6' : 'ipv4';
    const list = first.startsWith('::ffff:') ? deniedMapped : denied;
    expect(list.check(first, family)).toBe(true);
    expect(list.check(last, family)).toBe(true);
  });

  it('still relays to ordinary public addresses', () => {
    expect(denied.check('80.62.117.1', 'ipv4')).toBe(false);
    expect(denied.check('2a00:1450:4001::1', 'ipv6')).toBe(false);
  });

  it('never allows a peer explicitly, nor loopback peers (an allowed entry overrides every denial)', () => {
    expect(values('allowed-peer-ip')).toEqual([]);
    expect(lines).not.toContain('allow-loopback-peers');
    expect(lines).toContain('no-multicast-peers');
  });

  it('uses REST credentials with a placeholder secret, and TLS 1.2+ on 443', () => {
    expect(lines).toContain('use-auth-secret');
    expect(values('static-auth-secret')).toEqual([expect.stringMatching(/^CHANGE-ME/)]);
    expect(values('realm')).toHaveLength(1);
    expect(values('tls-listening-port')).toEqual(['443']);
    expect(lines).toEqual(expect.arrayContaining(['no-tlsv1', 'no-tlsv1_1', 'no-cli']));
    expect(values('cert')).toHaveLength(1);
    expect(values('pkey')).toHaveLength(1);
  });
});
