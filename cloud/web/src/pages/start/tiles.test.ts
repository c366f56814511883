import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../staff/auth-api.js';
import { TILES, tilesFor } from './tiles.js';

const staff = (role: string, nightWatch = { console: false, watch: false }): SessionInfo => ({
  authenticated: true,
  kind: 'staff',
  role,
  stage: 'full',
  nightWatch,
});

describe('the start page’s tiles for who is logged in', () => {
  it('offers every tile to someone not logged in, or not logged in all the way', () => {
    expect(tilesFor(null)).toEqual(TILES);
    expect(tilesFor({ authenticated: false })).toEqual(TILES);
    expect(
      tilesFor({ authenticated: false, kind: 'staff', role: 'unit_manager', stage: 'second_factor' }),
    ).toEqual(TILES);
  });

  it('offers a unit manager who leads no night watch neither the watch nor the console (mette.larsen)', () => {
    expect(tilesFor(staff('unit_manager'))).toEqual(['staff', 'dashboard']);
  });

  it('offers the watch to one who leads a night watch, and the console to a member of one', () => {
    expect(tilesFor(staff('unit_manager', { console: true, watch: true }))).toEqual([
      'staff',
      'dashboard',
      'nightwatch',
      'watch',
    ]);
    expect(tilesFor(staff('support', { console: false, watch: true }))).toEqual([
      'staff',
      'dashboard',
      'watch',
      'support',
    ]);
    // lars.poulsen, ida.christensen: on the night watch's roster, leading none.
    expect(tilesFor(staff('staff', { console: true, watch: false }))).toEqual(['staff', 'nightwatch']);
  });

  it('offers each demo role only the pages its role opens', () => {
    expect(tilesFor(staff('staff'))).toEqual(['staff']); // jonas.nielsen, karen.holm
    expect(tilesFor(staff('system_admin'))).toEqual(['staff', 'admin']); // henrik.dahl
    expect(tilesFor(staff('vendor_support'))).toEqual(['staff', 'support']); // nina.vestergaard
    // The watch and the console stay the cloud's to grant: a role that opens neither page gets neither tile.
    expect(tilesFor(staff('vendor_support', { console: true, watch: true }))).toEqual(['staff', 'support']);
  });

  it('offers a logged-in citizen her own page only', () => {
    expect(tilesFor({ authenticated: true, kind: 'citizen', role: 'citizen', stage: 'full' })).toEqual([
      'citizen',
    ]);
  });
});
