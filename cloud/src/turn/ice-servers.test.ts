import { isConfigError } from '@screenvisit/protocol/env';
import { describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../kernel/config.js';
import { isStartupError } from '../kernel/errors.js';
import { iceSchemeOf } from '../kernel/ice-uri.js';
import { createIceServerIssuer } from './ice-servers.js';

const secret = '0123456789abcdef0123456789abcdef';
const now = new Date('2024-01-01T00:00:00Z');
const turnEnv = (extra: Record<string, string>) => loadCloudConfig({ DATA_DIR: '/tmp/unused', ...extra });

describe('TURN configuration', () => {
  it('reads comma-separated TURN and STUN URIs and defaults the lifetime to an hour', () => {
    const config = turnEnv({
      TURN_URLS: 'turns:turn.kk.dk:443?transport=tcp, turn:turn.kk.dk:3478',
      STUN_URLS: 'stun:turn.kk.dk:3478',
      TURN_SECRET: secret,
    });
    expect(config.TURN_URLS).toEqual(['turns:turn.kk.dk:443?transport=tcp', 'turn:turn.kk.dk:3478']);
    expect(config.STUN_URLS).toEqual(['stun:turn.kk.dk:3478']);
    expect(config.TURN_TTL_SECONDS).toBe(3600);
  });

  it('has no ICE servers at all by default', () => {
    const config = turnEnv({});
    expect(config.TURN_URLS).toEqual([]);
    const ice = createIceServerIssuer(config).issue({ userId: 'u1', relayOnly: false, now });
    expect(ice).toEqual({ iceServers: [], iceTransportPolicy: 'all', expiresAt: null });
  });

  it('refuses URIs that are not STUN/TURN, carry credentials, or put a transport on STUN', () => {
    for (const bad of [
      'https://turn.kk.dk',
      'turn:user:pw@turn.kk.dk',
      'turn:turn.kk.dk:99999',
      'stun:h?transport=udp',
    ]) {
      expect(() => turnEnv({ TURN_URLS: bad, TURN_SECRET: secret }), bad).toThrow(/TURN_URLS is invalid/);
    }
    expect(() => turnEnv({ STUN_URLS: 'turn:turn.kk.dk' })).toThrow(/STUN_URLS is invalid/);
    expect(iceSchemeOf('turn:[2001:db8::1]:3478?transport=udp')).toBe('turn');
  });

  it('refuses a short secret without echoing it', () => {
    try {
      turnEnv({ TURN_SECRET: 'short-secret' });
      expect.unreachable();
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
      expect(String(e)).toMatch(/TURN_SECRET is invalid \(expected at least 16 characters/);
      expect(String(e)).not.toContain('short-secret');
    }
  });

  it('refuses to start with TURN servers but no shared secret, naming the fix', () => {
    const config = turnEnv({ TURN_URLS: 'turn:turn.kk.dk:3478' });
    try {
      createIceServerIssuer(config);
      expect.unreachable();
    } catch (e) {
      expect(isStartupError(e)).toBe(true);
      expect(String(e)).toMatch(/TURN_SECRET is not set.*static-auth-secret/);
    }
    // STUN alone needs no secret.
    expect(createIceServerIssuer(turnEnv({ TURN_URLS: 'stun:turn.kk.dk:3478' })).hasTurn).toBe(false);
  });
});

describe('issued ICE configuration', () => {
  const config = turnEnv({
    TURN_URLS: 'turns:turn.kk.dk:443?transport=tcp,turn:turn.kk.dk:3478,stun:turn.kk.dk:3478',
    STUN_URLS: 'stun:stun.kk.dk:3478',
    TURN_SECRET: secret,
    TURN_TTL_SECONDS: '600',
  });
  const issuer = createIceServerIssuer(config);

  it('gives TURN with a credential for the internal id, expiring after the lifetime, and STUN apart', () => {
    const ice = issuer.issue({ userId: 'c0ffee00-0000-4000-8000-000000000000', relayOnly: false, now });
    expect(ice.iceTransportPolicy).toBe('all');
    expect(ice.expiresAt?.toISOString()).toBe('2024-01-01T00:10:00.000Z');
    const [turn, stun] = ice.iceServers;
    expect(turn?.urls).toEqual(['turns:turn.kk.dk:443?transport=tcp', 'turn:turn.kk.dk:3478']);
    expect(turn?.username).toBe(`${now.getTime() / 1000 + 600}:c0ffee00-0000-4000-8000-000000000000`);
    expect(turn?.credential).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(stun).toEqual({ urls: ['stun:stun.kk.dk:3478', 'stun:turn.kk.dk:3478'] });
  });

  it('asks for relay only, without STUN, when the municipality requires it', () => {
    const ice = issuer.issue({ userId: 'u1', relayOnly: true, now });
    expect(ice.iceTransportPolicy).toBe('relay');
    expect(ice.iceServers).toHaveLength(1);
    expect(ice.iceServers[0]?.username).toBeDefined();
  });
});
