import type { Logger } from '../../logger.js';
import { MediaError } from '../errors.js';
import { remoteFingerprints, type SdpFingerprint, verifyPeerCertificate } from './dtls-fingerprint.js';
import { elementsByFactory, type GstApi, type GstElement, type GstIterator, type GstPad } from './gi.js';

/**
 * Holds a call's media until the DTLS peer is known to be the party the signalling named.
 *
 * webrtcbin 1.22 accepts ANY certificate in the DTLS handshake (dtlsdec's peer-certificate handler returns
 * TRUE) and never compares it with the remote a=fingerprint, so it would encrypt the camera and microphone for
 * whoever completes the handshake on the media path. The element offers no hook into that decision, only the
 * certificate it received (dtlsdec `peer-pem`, set during the handshake, before any SRTP key exists). So:
 *  - sending: a closed `valve` sits in front of each webrtcbin sink pad from the start; it drops buffers but
 *    lets caps through (drop-mode forward-sticky-events), so negotiation works while nothing is encrypted. It
 *    opens only after the check passed (release());
 *  - receiving: the engine links a remote stream to a decoder only after check() said 'verified'.
 *
 * Certificates are read from dtlsdec's string property only: webrtcbin's object-valued properties (its
 * transports, `ice-agent`) are not read through node-gtk, which dropped a reference webrtcbin still needed
 * (device/README.md).
 */
export class DtlsPeerGate {
  readonly #api: GstApi;
  readonly #log: Logger;
  #expected: SdpFingerprint[] | null = null;
  #decoders: GstElement[] = [];
  readonly #valves: GstElement[] = [];
  /** PEMs already found to match: a certificate is hashed once, not on every poll. */
  readonly #accepted = new Set<string>();
  #released = false;

  constructor(api: GstApi, log: Logger) {
    this.#api = api;
    this.#log = log;
  }

  /** The remote offer or answer: the certificate must match one of its fingerprints. */
  expect(remoteSdp: string): void {
    const expected = remoteFingerprints(remoteSdp);
    // RFC 8829 §5.8 / RFC 8122 §5: a DTLS transport without a usable fingerprint cannot be authenticated.
    if (expected.length === 0)
      throw MediaError.peerUnverified('the remote description has no usable a=fingerprint (sha-1 … sha-512)');
    this.#expected = expected;
  }

  /** Before the pipeline plays: a closed valve between every upstream element and webrtcbin's sink pads. */
  holdSendPath(pipeline: GstElement, webrtc: GstElement): void {
    const pads: GstPad[] = [];
    const iterator = (webrtc.iterateSinkPads as () => GstIterator).call(webrtc);
    iterator.foreach((value) => pads.push(value.getObject() as unknown as GstPad));
    for (const [index, pad] of pads.entries()) {
      const upstream = pad.getPeer();
      if (!upstream) continue;
      const valve = this.#api.Gst.ElementFactory.make('valve', `dtls_gate_${index}`);
      if (!valve) throw MediaError.pipeline('the valve element is missing (gstreamer1.0-plugins-base?)');
      valve.dropMode = 1; // forward-sticky-events: caps reach webrtcbin, buffers do not
      valve.drop = true;
      pipeline.add(valve);
      const into = valve.getStaticPad('sink');
      const out = valve.getStaticPad('src');
      if (
        !into ||
        !out ||
        !upstream.unlink(pad) ||
        upstream.link(into) !== this.#api.Gst.PadLinkReturn.OK ||
        out.link(pad) !== this.#api.Gst.PadLinkReturn.OK
      )
        throw MediaError.pipeline(`could not put the DTLS gate in front of ${pad.getName()}`);
      // A pipeline prepared while ringing is already PLAYING (prepared-send.ts): a valve left in NULL would
      // answer every buffer with FLUSHING and the call would send nothing. In a new pipeline this is a no-op.
      if (!valve.syncStateWithParent())
        throw MediaError.pipeline(`the DTLS gate in front of ${pad.getName()} did not start`);
      this.#valves.push(valve);
    }
    if (this.#valves.length === 0) throw MediaError.pipeline('webrtcbin has no linked sink pad to guard');
  }

  /**
   * 'pending' until a DTLS handshake has delivered a certificate; 'verified' when every certificate received
   * matches the remote description; a 'peer_unverified' MediaError otherwise. Cheap enough to poll.
   */
  check(webrtc: GstElement): 'pending' | 'verified' | MediaError {
    const expected = this.#expected;
    if (!expected) return 'pending';
    // The decoders exist once the transports do (set-remote-description / create-offer): looked up until found.
    if (this.#decoders.length === 0) this.#decoders = elementsByFactory(webrtc, 'dtlsdec');
    let verified = false;
    for (const decoder of this.#decoders) {
      const pem = decoder.peerPem;
      if (typeof pem !== 'string' || pem === '') continue;
      if (!this.#accepted.has(pem)) {
        const verdict = verifyPeerCertificate(pem, expected);
        if (!verdict.ok) {
          const wanted = expected.map((f) => `${f.hash} ${f.hex}`).join(', ');
          return MediaError.peerUnverified(
            `its certificate (${verdict.presented ?? verdict.why}) matches no a=fingerprint of the remote description (${wanted})`,
          );
        }
        this.#accepted.add(pem);
        this.#log.info(
          { fingerprint: `${verdict.matched.hash} ${verdict.matched.hex}` },
          'DTLS peer verified',
        );
      }
      verified = true;
    }
    return verified ? 'verified' : 'pending';
  }

  /** After a 'verified' check: media may go out. Idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const valve of this.#valves) valve.drop = false;
  }
}
