import { describe, expect, it } from 'vitest';
import { parseNetwork } from './networks.js';

describe('staff network entries', () => {
  it('accepts ranges and single addresses, normalised', () => {
    expect(parseNetwork(' 10.20.3.4/16 ')).toEqual({ ok: true, cidr: '10.20.0.0/16' });
    expect(parseNetwork('127.0.0.1')).toEqual({ ok: true, cidr: '127.0.0.1/32' });
    expect(parseNetwork('2001:db8::1')).toEqual({ ok: true, cidr: '2001:db8::1/128' });
    expect(parseNetwork('2001:db8::/32')).toEqual({ ok: true, cidr: '2001:db8::/32' });
  });
  it('refuses what is not an address or a range', () => {
    for (const bad of ['', 'localhost', '10.0.0.0/33', '300.1.1.1', '10.0.0.0/x'])
      expect(parseNetwork(bad)).toEqual({ ok: false, input: bad });
  });
});
