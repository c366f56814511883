import { MediaError } from '../errors.js';
import type { IceConfig } from '../ice.js';
import { answerIsReady } from './answer-ready.js';
import type { GstApi, GstElement } from './gi.js';

type LocalDescription = { sdp: { asText(): string } } | null | undefined;

/**
 * Non-trickle: wait until webrtcbin has gathered the candidates the answer needs (answer-ready.ts), or every
 * candidate, then hand out the whole description (a GstCall's offer or answer, gstreamer-call.ts).
 */
export async function completeLocalSdp(options: {
  api: GstApi;
  /** The call's webrtcbin now (null once closed). */
  webrtc: () => GstElement | null;
  ice: IceConfig;
  /** Of the call's own DTLS certificate (dtls-identity.ts). */
  fingerprint: string;
  /** Polls `done` until true, bounded by the call's step timeout; throws once the call is closed. */
  until: (what: string, done: () => boolean) => Promise<void>;
}): Promise<string> {
  const { GstWebRTC } = options.api;
  let seen = -1;
  await options.until('ICE gathering', () => {
    const webrtc = options.webrtc();
    if (Number(webrtc?.iceGatheringState) === GstWebRTC.WebRTCICEGatheringState.COMPLETE) return true;
    const sdp = (webrtc?.localDescription as LocalDescription)?.sdp.asText() ?? '';
    const ready = answerIsReady(sdp, options.ice, seen);
    seen = ready.candidates;
    return ready.ready;
  });
  const local = options.webrtc()?.localDescription as LocalDescription;
  if (!local) throw MediaError.negotiationFailed('webrtcbin has no local description');
  // RFC 8122 §5: the fingerprint of the certificate dtlsdec really presents (gstreamer-call.ts #useOwnIdentity).
  return local.sdp.asText().replace(/^a=fingerprint:.*$/gm, `a=fingerprint:sha-256 ${options.fingerprint}`);
}
