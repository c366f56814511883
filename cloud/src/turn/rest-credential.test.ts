import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { turnRestCredential } from './rest-credential.js';

const userId = '3f1c0b9e-0000-4000-8000-000000000001';
const secret = 'north-harbour-secret-0123';
const now = new Date('2023-11-14T22:13:20.000Z'); // 1700000000 unix seconds

describe('TURN REST credentials (draft-uberti-behave-turn-rest-00 §2.2, coturn use-auth-secret)', () => {
  it('names the expiry in unix seconds and the internal id as "<expiry>:<id>"', () => {
    const c = turnRestCredential({ secret, userId, now, ttlSeconds: 3600 });
    expect(c.username).toBe(`1700003600:${userId}`);
    expect(c.expiresAt.toISOString()).toBe('2023-11-14T23:13:20.000Z');
  });

  it('signs the username with base64(HMAC-SHA1(secret, username)), as computed independently', () => {
    const c = turnRestCredential({ secret, userId, now, ttlSeconds: 3600 });
    const independent = createHmac('sha1', Buffer.from(secret, 'utf8'))
      .update(Buffer.from(`1700003600:${userId}`, 'utf8'))
      .digest()
      .toString('base64');
    expect(c.credential).toBe(independent);
    // Known answer, from: printf '%s' '1700003600:<id>' | openssl dgst -sha1 -hmac '<secret>' -binary | base64
    expect(c.credential).toBe('VcuaWWq1D9733qRqXsekA3l3H18=');
  });

  it('rounds a clock in the middle of a second down, like coturn compares with time(NULL)', () => {
    const c = turnRestCredential({ secret, userId, now: new Date(1_700_000_000_999), ttlSeconds: 60 });
    expect(c.username.split(':')[0]).toBe('1700000060');
  });

  it('gives a different credential for another secret, another expiry or another person', () => {
    const base = turnRestCredential({ secret, userId, now, ttlSeconds: 3600 }).credential;
    expect(turnRestCredential({ secret: `${secret}x`, userId, now, ttlSeconds: 3600 }).credential).not.toBe(
      base,
    );
    expect(turnRestCredential({ secret, userId, now, ttlSeconds: 3601 }).credential).not.toBe(base);
    expect(turnRestCredential({ secret, userId: 'other', now, ttlSeconds: 3600 }).credential).not.toBe(base);
  });

  it('refuses an id containing the separator and a lifetime that is not a positive whole number', () => {
    expect(() => turnRestCredential({ secret, userId: 'a:b', now, ttlSeconds: 60 })).toThrow(/":"/);
    expect(() => turnRestCredential({ secret, userId, now, ttlSeconds: 0 })).toThrow(RangeError);
    expect(() => turnRestCredential({ secret, userId, now, ttlSeconds: 1.5 })).toThrow(RangeError);
  });
});
