import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateFingerprint, remoteFingerprints, verifyPeerCertificate } from './dtls-fingerprint.js';
import { createDtlsIdentity } from './dtls-identity.js';

/** A Chromium-like offer: audio and video bundled, the fingerprint at media level. */
function offer(videoFingerprint: string, audioFingerprint = videoFingerprint, session = ''): string {
  return [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    ...(session ? [session] : []),
    'a=group:BUNDLE 0 1',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=mid:0',
    ...(audioFingerprint ? [audioFingerprint] : []),
    'a=setup:actpass',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'a=mid:1',
    ...(videoFingerprint ? [videoFingerprint] : []),
    'a=setup:actpass',
    '',
  ].join('\r\n');
}

const peer = createDtlsIdentity();
const stranger = createDtlsIdentity();
const certificateOnly = (pem: string) => new X509Certificate(pem).toString();
const hexOf = (algorithm: string, pem: string) =>
  createHash(algorithm)
    .update(new X509Certificate(pem).raw)
    .digest('hex')
    .toUpperCase()
    .match(/../g)
    ?.join(':') ?? '';

describe('the remote description names the DTLS certificate', () => {
  it('reads media-level fingerprints, one per distinct value', () => {
    expect(remoteFingerprints(offer(`a=fingerprint:sha-256 ${peer.fingerprint}`))).toEqual([
      { hash: 'sha-256', hex: peer.fingerprint },
    ]);
  });

  it('uses the session-level fingerprint for sections without their own, and accepts lower case', () => {
    const lower = `a=fingerprint:SHA-256 ${peer.fingerprint.toLowerCase()}`;
    expect(remoteFingerprints(offer('', '', lower))).toEqual([{ hash: 'sha-256', hex: peer.fingerprint }]);
  });

  it('lets a media-level fingerprint replace the session-level one for its section', () => {
    const sdp = offer(
      `a=fingerprint:sha-256 ${peer.fingerprint}`,
      `a=fingerprint:sha-256 ${peer.fingerprint}`,
      `a=fingerprint:sha-256 ${stranger.fingerprint}`,
    );
    expect(remoteFingerprints(sdp)).toEqual([{ hash: 'sha-256', hex: peer.fingerprint }]);
  });

  it('gives nothing when a section has no fingerprint at all, or only in a hash the kiosk does not trust', () => {
    expect(remoteFingerprints(offer(`a=fingerprint:sha-256 ${peer.fingerprint}`, ''))).toEqual([]);
    expect(remoteFingerprints(offer('a=fingerprint:md5 AA:BB:CC:DD'))).toEqual([]);
    expect(remoteFingerprints(offer('a=fingerprint:sha-256 not-hex'))).toEqual([]);
  });

  it('skips a section refused with port 0', () => {
    const sdp = `${offer(`a=fingerprint:sha-256 ${peer.fingerprint}`)}m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n`;
    expect(remoteFingerprints(sdp)).toEqual([{ hash: 'sha-256', hex: peer.fingerprint }]);
  });
});

describe('the peer certificate against the remote description', () => {
  it('computes the fingerprint in the hash the SDP names', () => {
    expect(certificateFingerprint(peer.pem, 'sha-256')).toBe(peer.fingerprint);
    expect(certificateFingerprint(peer.pem, 'SHA-384')).toBe(hexOf('sha384', peer.pem));
    expect(certificateFingerprint(peer.pem, 'md5')).toBeNull();
  });

  it('accepts the certificate the offer names', () => {
    const expected = remoteFingerprints(offer(`a=fingerprint:sha-256 ${peer.fingerprint}`));
    expect(verifyPeerCertificate(certificateOnly(peer.pem), expected)).toEqual({
      ok: true,
      matched: { hash: 'sha-256', hex: peer.fingerprint },
    });
  });

  it('refuses any other certificate and says which one it got', () => {
    const expected = remoteFingerprints(offer(`a=fingerprint:sha-256 ${peer.fingerprint}`));
    expect(verifyPeerCertificate(certificateOnly(stranger.pem), expected)).toEqual({
      ok: false,
      why: 'mismatch',
      presented: `sha-256 ${stranger.fingerprint}`,
    });
  });

  it('accepts a match in any supported hash when several are given (RFC 8122 §5)', () => {
    const sdp = offer(
      `a=fingerprint:sha-1 ${hexOf('sha1', stranger.pem)}\r\na=fingerprint:sha-512 ${hexOf('sha512', peer.pem)}`,
    );
    expect(verifyPeerCertificate(peer.pem, remoteFingerprints(sdp))).toMatchObject({
      ok: true,
      matched: { hash: 'sha-512' },
    });
  });

  it('refuses when nothing is expected or the certificate cannot be read', () => {
    expect(verifyPeerCertificate(peer.pem, [])).toEqual({ ok: false, why: 'no_fingerprint' });
    expect(verifyPeerCertificate('not a certificate', [{ hash: 'sha-256', hex: peer.fingerprint }])).toEqual({
      ok: false,
      why: 'unreadable_certificate',
    });
  });

  it('does not accept a certificate because its hash matches in a different algorithm', () => {
    // The SHA-256 value of the peer labelled as sha-384 must not count.
    const expected = [{ hash: 'sha-384', hex: peer.fingerprint }];
    expect(verifyPeerCertificate(peer.pem, expected)).toMatchObject({ ok: false, why: 'mismatch' });
  });
});
