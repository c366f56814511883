import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, ringFromAddress } from './push.js';

describe('citizen push helpers', () => {
  it('decodes a base64url VAPID key to its raw bytes', () => {
    const bytes = Uint8Array.from({ length: 65 }, (_, i) => (i * 37) % 256);
    const key = Buffer.from(bytes).toString('base64url');
    expect(Array.from(base64UrlToBytes(key))).toEqual(Array.from(bytes));
  });

  it('reads the ringing call id from the notification link and ignores anything else', () => {
    expect(ringFromAddress({ search: '?ring=0b8a6c1e-4c7f-4a53-9d55-2f7c6e0a1b2c' })).toBe(
      '0b8a6c1e-4c7f-4a53-9d55-2f7c6e0a1b2c',
    );
    expect(ringFromAddress({ search: '?ring=<script>' })).toBeNull();
    expect(ringFromAddress({ search: '' })).toBeNull();
  });
});
