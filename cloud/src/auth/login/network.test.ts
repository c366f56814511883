import { describe, expect, it } from 'vitest';
import { networkVerdict } from './network.js';

const home = ['10.1.0.0/16'];
const all = ['10.1.0.0/16', '10.2.0.0/16'];

describe('network verdict at login', () => {
  it('admits the account from its own municipality network only', () => {
    expect(
      networkVerdict({ ip: '10.1.2.3', namedMunicipality: null, account: home, anyMunicipality: all }),
    ).toBe('allowed');
    expect(networkVerdict({ ip: null, namedMunicipality: null, account: home, anyMunicipality: all })).toBe(
      'refuse_visible',
    );
  });

  it('answers a known and an unknown name alike', () => {
    // From outside every network: visible for both.
    const outside = { ip: '192.0.2.1', namedMunicipality: null, anyMunicipality: all };
    expect(networkVerdict({ ...outside, account: home })).toBe('refuse_visible');
    expect(networkVerdict({ ...outside, account: null })).toBe('refuse_visible');
    // From another municipality's network: an unknown name goes on to a wrong-password answer, so must this.
    const neighbour = { ip: '10.2.0.1', namedMunicipality: null, anyMunicipality: all };
    expect(networkVerdict({ ...neighbour, account: null })).toBe('allowed');
    expect(networkVerdict({ ...neighbour, account: home })).toBe('refuse_hidden');
    // A named municipality decides alone.
    expect(
      networkVerdict({ ip: '10.2.0.1', namedMunicipality: home, account: home, anyMunicipality: [] }),
    ).toBe('refuse_visible');
    expect(
      networkVerdict({ ip: '10.2.0.1', namedMunicipality: home, account: null, anyMunicipality: [] }),
    ).toBe('refuse_visible');
  });
});
