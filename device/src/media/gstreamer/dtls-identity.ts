import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { MediaError } from '../errors.js';
import { elementsByFactory, type GstApi, type GstElement } from './gi.js';

/**
 * A fresh DTLS identity (self-signed ECDSA P-256 certificate + key) for one webrtcbin.
 *
 * Why the kiosk makes its own: GStreamer's DTLS elements share ONE generated certificate per process. A pipeline
 * rebuilt for the same call (webrtcbin 1.22 cannot ICE-restart, see gstreamer-call.ts) would present the old
 * fingerprint, and Chromium keeps its old DTLS association for an identical fingerprint ("Ignoring identical
 * remote DTLS fingerprint"), so no media would flow. A new fingerprint makes the peer restart DTLS
 * (RFC 8842 §5: a changed fingerprint in a subsequent offer/answer means a new DTLS association). It also makes
 * two calls of the same kiosk unlinkable by fingerprint.
 *
 * WebRTC needs no CA: the peer checks the certificate against the SDP fingerprint only (RFC 8827 §6.5), so a
 * self-signed certificate is the norm. The DER is built here (RFC 5280 §4.1) so no openssl process or
 * dependency is needed; Node signs it.
 */
export interface DtlsIdentity {
  /** Certificate then PKCS#8 private key, as GStreamer's dtlsdec `pem` property takes them. */
  pem: string;
  /** SHA-256 over the certificate's DER, "AB:CD:…" as in an SDP a=fingerprint line (RFC 8122 §5). */
  fingerprint: string;
}

const VALID_DAYS = 30;

export function createDtlsIdentity(now = new Date()): DtlsIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from('screenvisit-kiosk')))));
  // A positive serial of 16 random bytes (RFC 5280 §4.1.2.2: at most 20 octets, non-negative).
  const serial = Buffer.concat([Buffer.from([0x01]), randomBytes(15)]);
  const notBefore = new Date(now.getTime() - 24 * 3600_000); // a kiosk clock a little behind must not matter
  const notAfter = new Date(now.getTime() + VALID_DAYS * 24 * 3600_000);
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))), // [0] version v3
    tlv(0x02, serial),
    ecdsaWithSha256,
    name,
    seq(utcTime(notBefore), utcTime(notAfter)),
    name,
    spki,
  );
  const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value
  const der = seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { pem: `${pemBlock('CERTIFICATE', der)}${key}`, fingerprint: fingerprintOf(der) };
}

export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '';
}

function pemBlock(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime YYMMDDHHMMSSZ (RFC 5280 §4.1.2.5.1; valid for years before 2050). */
function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-12-03T07:36:59.000Z
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text));
}

/**
 * Puts this call's own certificate into webrtcbin's DTLS decoder(s). The transport exists once create-offer/
 * -answer has run; DTLS starts only when ICE connects (transportsendbin keeps dtlssrtpenc locked until then,
 * and dtlsenc takes the decoder's connection only at that point), so this is in time. Two things GStreamer
 * 1.22 gets wrong are undone here (probed; docs/performance.md, device/README.md):
 *  - setting `pem` makes dtlsdec a new DTLS connection, but its peer-certificate handler is connected only on
 *    NULL -> READY, so without it the peer's certificate is refused ("certificate verify failed"): the
 *    decoder is cycled through NULL to connect it again (no data flows yet, nothing is lost);
 *  - webrtcbin hashes the whole PEM, private key included, for a=fingerprint: the right fingerprint is
 *    written into the local SDP by GstCall's #completeLocalSdp instead.
 */
export function useDtlsIdentity(api: GstApi, webrtc: GstElement, identity: DtlsIdentity): void {
  const decoders = elementsByFactory(webrtc, 'dtlsdec');
  if (decoders.length === 0) throw MediaError.pipeline('webrtcbin made no DTLS decoder');
  for (const decoder of decoders) {
    decoder.pem = identity.pem;
    decoder.setState(api.Gst.State.NULL);
    decoder.syncStateWithParent();
  }
}
