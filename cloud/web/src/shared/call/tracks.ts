import { startSmall } from './first-frame.js';

/**
 * Camera and microphone on a peer connection WITHOUT renegotiation (issue 15 §3, "fast answer without lighting
 * the camera early"). While a call rings, both sides negotiate `sendrecv` transceivers that carry no track, so
 * ICE and DTLS come up but no RTP leaves either side; answering attaches the tracks with `replaceTrack`, which
 * needs no new offer (W3C webrtc-pc §5.2 replaceTrack: "without negotiation").
 */
const KINDS = ['audio', 'video'] as const;

const kindOf = (t: RTCRtpTransceiver) => t.receiver.track.kind;

/**
 * The caller's transceivers, one audio and one video: `sendrecv` when the local stream has that kind
 * (msid names the stream, so the far side groups the tracks), receive-only when it has not.
 * `attach`: put the tracks on now (a resumed call); otherwise they wait for attachTracks().
 */
export function addCallerTransceivers(
  pc: RTCPeerConnection,
  local: MediaStream | null,
  attach: boolean,
): void {
  for (const kind of KINDS) {
    const track = local?.getTracks().find((t) => t.kind === kind);
    if (!local || !track) {
      pc.addTransceiver(kind, { direction: 'recvonly' });
      continue;
    }
    pc.addTransceiver(attach ? track : kind, { direction: 'sendrecv', streams: [local] });
  }
}

/**
 * The callee, after applying an offer: the transceivers the offer created say `sendrecv`, named by `stream`
 * (the local one, or an empty placeholder until the camera opens), so the answer need not change when the
 * tracks come.
 */
export function openForSending(pc: RTCPeerConnection, stream: MediaStream): void {
  for (const t of pc.getTransceivers()) {
    if (t.direction === 'stopped' || !KINDS.includes(kindOf(t) as (typeof KINDS)[number])) continue;
    if (t.direction === 'recvonly' || t.direction === 'inactive') t.direction = 'sendrecv';
    t.sender.setStreams?.(stream);
  }
}

/**
 * Puts the local tracks on the sending transceivers of their kind (no renegotiation), all at once. A video
 * sender that carried nothing starts with a small picture (first-frame.ts). Returns the video sender that
 * did, for the step back up to full size.
 */
export async function attachTracks(
  pc: RTCPeerConnection,
  local: MediaStream | null,
): Promise<RTCRtpSender | null> {
  if (!local) return null;
  let started: RTCRtpSender | null = null;
  await Promise.all(
    pc.getTransceivers().map(async (t) => {
      if (t.direction !== 'sendrecv' && t.direction !== 'sendonly') return;
      const track = local.getTracks().find((l) => l.kind === kindOf(t));
      if (!track || t.sender.track === track) return;
      if (track.kind === 'video' && t.sender.track === null) {
        await startSmall(t.sender);
        started = t.sender;
      }
      await t.sender.replaceTrack(track);
    }),
  );
  return started;
}

/**
 * After an outage (issue 15 §4): our encoder's next frame becomes a key frame, so the other side's picture
 * comes back at once instead of after its decoder asks (PLI) for one. No browser lets a page ask its own
 * encoder for a key frame outside an encoded transform; taking the track off the sender and putting it back
 * does it (Chromium 156: `keyFramesEncoded` +1; the adaptation's encoding parameters are untouched) and
 * needs no negotiation.
 */
export async function sendKeyFrame(pc: RTCPeerConnection): Promise<void> {
  for (const sender of pc.getSenders()) {
    const track = sender.track;
    if (track?.kind !== 'video' || track.readyState !== 'live') continue;
    await sender.replaceTrack(null);
    await sender.replaceTrack(track);
  }
}
