/**
 * The media engines' error vocabulary. The agent logs the reason and hangs up; the probe logs why an engine
 * was passed over.
 */
export const MediaErrorReason = [
  /** The engine's native part (node-gtk, GStreamer elements, @roamhq/wrtc) is missing or failed to load. */
  'unavailable',
  /** The engine cannot do this (e.g. an ICE restart on webrtcbin 1.22). */
  'unsupported',
  /** SDP was refused or an offer/answer could not be produced. */
  'negotiation_failed',
  /** A step did not finish in time (ICE gathering, a webrtcbin promise). */
  'timeout',
  /** The GStreamer pipeline posted an error or refused a state change. */
  'pipeline_error',
  /** The call was already closed. */
  'closed',
  /**
   * The DTLS peer is not the party the signalling speaks for: its certificate matches no a=fingerprint of the
   * remote description, or the description has none (RFC 8122 §5). Final: no media, no restart.
   */
  'peer_unverified',
] as const;
export type MediaErrorReason = (typeof MediaErrorReason)[number];

export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(
    readonly reason: MediaErrorReason,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  static unavailable(engine: string, why: string, cause?: unknown) {
    return new MediaError('unavailable', `media engine ${engine} is unavailable: ${why}`, { cause });
  }
  static unsupported(what: string) {
    return new MediaError('unsupported', `not supported by this engine: ${what}`);
  }
  static negotiationFailed(what: string, cause?: unknown) {
    return new MediaError('negotiation_failed', `negotiation failed: ${what}`, { cause });
  }
  static timeout(what: string, ms: number) {
    return new MediaError('timeout', `${what} did not finish within ${ms} ms`);
  }
  static pipeline(what: string, cause?: unknown) {
    return new MediaError('pipeline_error', `GStreamer pipeline: ${what}`, { cause });
  }
  static peerUnverified(why: string) {
    return new MediaError('peer_unverified', `DTLS peer refused: ${why}`);
  }
  static closed(callId: string) {
    return new MediaError('closed', `call ${callId} is already closed`);
  }
}

export function isMediaError(e: unknown): e is MediaError {
  return e instanceof MediaError;
}
