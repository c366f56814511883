import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCoturn, type RunningCoturn, startCoturn } from '../../../test-support/coturn.js';
import { executableExists, requireOrSkip } from '../../../test-support/requirements.js';
import { gather, type PeerConnectionCtor, relayCall } from '../../test/turn/peers.js';
import { createIceServerIssuer } from './ice-servers.js';

/**
 * Runs coturn with the PRODUCTION file deploy/coturn/turnserver.conf. Only what cannot work on a test machine
 * is overridden on the command line (coturn applies flags after the file): loopback listener and relay
 * addresses, free ports instead of 3478/443, the secret, a test certificate, the pid and log files, and
 * `--allow-loopback-peers` (without which coturn refuses 127.0.0.1 peers before even reading the deny list).
 * Everything else — REST auth, TLS versions and ciphers, the denied peer ranges, quotas — is the file's.
 */
const CONF = fileURLToPath(new URL('../../../deploy/coturn/turnserver.conf', import.meta.url));
const SECRET = 'deploy-config-static-auth-secret-0123456789';
const wrtc = (await import('@roamhq/wrtc').catch(() => null)) as {
  RTCPeerConnection: PeerConnectionCtor;
} | null;
const enabled =
  hasCoturn() &&
  requireOrSkip('@roamhq/wrtc', wrtc !== null, 'npm install (it is a dev dependency)') &&
  requireOrSkip('openssl', executableExists('/usr/bin/openssl'), 'apt-get install openssl');

describe.skipIf(!enabled)('the production coturn configuration', () => {
  let dir: string;
  let certArgs: string[];
  let coturn: RunningCoturn;
  const servers = (port: number) =>
    createIceServerIssuer({
      TURN_URLS: [`turn:127.0.0.1:${port}?transport=udp`],
      STUN_URLS: [],
      TURN_SECRET: SECRET,
      TURN_TTL_SECONDS: 300,
    }).issue({ userId: 'c0ffee00-0000-4000-8000-000000000000', relayOnly: true, now: new Date() });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sv-coturn-cert-'));
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
        ...[
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
        ],
      ],
      { stdio: 'ignore' },
    );
    certArgs = [`--cert=${join(dir, 'cert.pem')}`, `--pkey=${join(dir, 'key.pem')}`];
    coturn = await startCoturn({ secret: SECRET, configFile: CONF, extraArgs: certArgs });
  });

  afterAll(async () => {
    await coturn?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function handshake(options: { ciphers?: string; maxVersion?: 'TLSv1.2' | 'TLSv1.3' }) {
    return new Promise<{ protocol: string | null; cipher: string }>((resolve, reject) => {
      const socket = connect({
        host: '127.0.0.1',
        port: coturn.tlsPort,
        rejectUnauthorized: false,
        ...options,
      });
      socket.once('secureConnect', () => {
        resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().standardName });
        socket.destroy();
      });
      socket.once('error', reject);
    });
  }

  it('serves TURN over TLS 1.2 with a forward-secret AEAD cipher', async () => {
    const tls = await handshake({ maxVersion: 'TLSv1.2' });
    expect(tls.protocol).toBe('TLSv1.2');
    expect(tls.cipher).toMatch(/^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM|CHACHA20_POLY1305)/);
  });

  it('refuses CBC ciphers the file leaves out', async () => {
    await expect(handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA' })).rejects.toThrow();
  });

  it('hands out relays for credentials signed with its static-auth-secret', async () => {
    const seen = await gather(wrtc!.RTCPeerConnection, servers(coturn.port));
    expect(seen.relay.length).toBeGreaterThan(0);
    // (701 "unreachable" errors from local interfaces that cannot reach 127.0.0.1 are normal; auth ones are not.)
    expect(seen.errors.filter((e) => e.errorCode >= 400 && e.errorCode < 500)).toEqual([]);
  });

  it('refuses to relay to a loopback peer, so a relay-only call on 127.0.0.1 never connects', async () => {
    const config = servers(coturn.port);
    await expect(relayCall(wrtc!.RTCPeerConnection, config, config, 4_000)).rejects.toThrow(/timed out/);
  });

  it('connects that same call once 127.0.0.1 is explicitly allowed: the refusal was the deny list', async () => {
    const allowed = await startCoturn({
      secret: SECRET,
      configFile: CONF,
      extraArgs: [...certArgs, '--allowed-peer-ip=127.0.0.1'],
    });
    try {
      const config = servers(allowed.port);
      const call = await relayCall(wrtc!.RTCPeerConnection, config, config);
      expect(call.a).toEqual({ local: 'relay', remote: 'relay' });
    } finally {
      await allowed.close();
    }
  });
});
