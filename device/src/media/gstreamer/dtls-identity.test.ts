import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDtlsIdentity } from './dtls-identity.js';

describe('a fresh DTLS identity for one webrtcbin', () => {
  it('is a self-signed certificate whose SDP fingerprint is the SHA-256 of its DER', () => {
    const now = new Date('2026-12-03T08:00:00Z');
    const identity = createDtlsIdentity(now);
    const cert = new X509Certificate(identity.pem);
    expect(cert.fingerprint256).toBe(identity.fingerprint);
    expect(identity.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subject).toBe('CN=screenvisit-kiosk');
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(now.getTime() + 7 * 24 * 3600_000);
    // The key in the same PEM belongs to the certificate.
    expect(cert.checkPrivateKey(createPrivateKey(identity.pem))).toBe(true);
  });

  it('differs on every call, so a rebuilt pipeline presents a new fingerprint', () => {
    const fingerprints = new Set(Array.from({ length: 5 }, () => createDtlsIdentity().fingerprint));
    expect(fingerprints.size).toBe(5);
  });
});
