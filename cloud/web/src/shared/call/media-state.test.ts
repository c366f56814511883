import { describe, expect, it } from 'vitest';
import { MEDIA_TRANSITIONS, type MediaState, mayMove } from './media-state.js';

const ALL = Object.keys(MEDIA_TRANSITIONS) as MediaState[];

describe('the browser call media states', () => {
  it('never leaves ended, and every other state may end', () => {
    for (const to of ALL) expect(mayMove('ended', to)).toBe(false);
    for (const from of ALL.filter((s) => s !== 'ended')) expect(mayMove(from, 'ended')).toBe(true);
  });

  it('goes preparing -> connecting -> connected, and between connected and reconnecting', () => {
    expect(mayMove('preparing', 'connecting')).toBe(true);
    expect(mayMove('connecting', 'connected')).toBe(true);
    expect(mayMove('connected', 'reconnecting')).toBe(true);
    expect(mayMove('reconnecting', 'connected')).toBe(true);
  });

  it('refuses jumps the call cannot make, such as back to preparing or connected before connecting', () => {
    for (const from of ALL) expect(mayMove(from, 'preparing')).toBe(false);
    expect(mayMove('preparing', 'connected')).toBe(false);
    expect(mayMove('connected', 'connecting')).toBe(false);
  });
});
