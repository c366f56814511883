import { createHash, X509Certificate } from 'node:crypto';

/**
 * The peer's DTLS certificate against the `a=fingerprint` lines of the remote description (RFC 8122 §5,
 * RFC 8827 §6.5): WebRTC has no CA, so this comparison is the only thing that ties the DTLS peer to the party
 * the authenticated signalling speaks for. Pure: the engine reads the certificate and calls this.
 */

/** One `a=fingerprint:<hash> <hex>` line; `hash` lower case, `hex` upper case with colons ("AB:CD:…"). */
export interface SdpFingerprint {
  hash: string;
  hex: string;
}

/**
 * Hash names (IANA "Hash Function Textual Names", RFC 8122 §5) the kiosk checks, with Node's digest name.
 * md2/md5 are left out on purpose: a fingerprint only in a broken hash is treated as no fingerprint.
 */
const DIGESTS: Record<string, string> = {
  'sha-1': 'sha1',
  'sha-224': 'sha224',
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
};

const LINE = /^a=fingerprint:(\S+)\s+([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+)\s*$/;

/**
 * The fingerprints that apply to the description's transports, with a supported hash. A media-level attribute
 * replaces the session-level one for its m= section (RFC 8122 §5); a section without either makes the
 * description unusable, so the caller refuses it (RFC 8829 §5.8: no DTLS without a fingerprint). Sections
 * refused with port 0 carry no transport and are skipped.
 *
 * The result is the union over the sections. Every fingerprint in it was asserted by the same authenticated
 * party, and with BUNDLE (webrtcbin runs max-bundle) all sections share one transport anyway.
 */
export function remoteFingerprints(sdp: string): SdpFingerprint[] {
  const lines = sdp.split(/\r?\n/);
  const session: SdpFingerprint[] = [];
  const sections: { port: number; own: SdpFingerprint[] }[] = [];
  for (const line of lines) {
    const media = /^m=\S+ (\d+)/.exec(line);
    if (media) {
      sections.push({ port: Number(media[1]), own: [] });
      continue;
    }
    const fingerprint = parseFingerprint(line);
    if (!fingerprint) continue;
    const current = sections.at(-1);
    (current ? current.own : session).push(fingerprint);
  }
  const usable = (list: SdpFingerprint[]) => list.filter((f) => f.hash in DIGESTS);
  if (sections.length === 0) return dedupe(usable(session));
  const found: SdpFingerprint[] = [];
  for (const section of sections) {
    if (section.port === 0) continue;
    const applying = usable(section.own.length > 0 ? section.own : session);
    if (applying.length === 0) return [];
    found.push(...applying);
  }
  return dedupe(found);
}

function parseFingerprint(line: string): SdpFingerprint | null {
  const match = LINE.exec(line.trim());
  if (!match?.[1] || !match[2]) return null;
  return { hash: match[1].toLowerCase(), hex: match[2].toUpperCase() };
}

function dedupe(list: SdpFingerprint[]): SdpFingerprint[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.hash} ${f.hex}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The certificate's fingerprint in `hash` (an SDP hash name), over its DER (RFC 8122 §5); null if unsupported. */
export function certificateFingerprint(certificatePem: string, hash: string): string | null {
  const digest = DIGESTS[hash.toLowerCase()];
  if (!digest) return null;
  const der = new X509Certificate(certificatePem).raw;
  return createHash(digest).update(der).digest('hex').toUpperCase().match(/../g)?.join(':') ?? null;
}

export type PeerCertificateVerdict =
  | { ok: true; matched: SdpFingerprint }
  | { ok: false; why: 'no_fingerprint' | 'unreadable_certificate' | 'mismatch'; presented?: string };

/**
 * Whether the certificate the peer presented in the DTLS handshake is one the remote description names.
 * One matching fingerprint in a supported hash is enough (RFC 8122 §5: the certificate must match a
 * fingerprint the endpoint can compute; none matching means no connection).
 */
export function verifyPeerCertificate(
  certificatePem: string,
  expected: readonly SdpFingerprint[],
): PeerCertificateVerdict {
  if (expected.length === 0) return { ok: false, why: 'no_fingerprint' };
  let presented: string | undefined;
  for (const fingerprint of expected) {
    let actual: string | null;
    try {
      actual = certificateFingerprint(certificatePem, fingerprint.hash);
    } catch {
      return { ok: false, why: 'unreadable_certificate' };
    }
    if (actual === null) continue;
    presented ??= `${fingerprint.hash} ${actual}`;
    if (actual === fingerprint.hex) return { ok: true, matched: fingerprint };
  }
  return presented === undefined ? { ok: false, why: 'mismatch' } : { ok: false, why: 'mismatch', presented };
}
