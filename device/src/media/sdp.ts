import type { VideoCodec } from '../media-engine.js';

/** What an offer asks for, read from its SDP (RFC 8866 §5.14 m=, §6.6 a=rtpmap, §6.15 a=fmtp). */
export interface OfferedCodec {
  payloadType: number;
  codec: string;
  clockRate: number;
  fmtp: string;
}

export function offeredCodecs(sdp: string, media: 'audio' | 'video'): OfferedCodec[] {
  const section = mediaSection(sdp, media);
  if (section === null) return [];
  const codecs: OfferedCodec[] = [];
  for (const line of section) {
    const rtpmap = /^a=rtpmap:(\d+) ([^/]+)\/(\d+)/.exec(line);
    if (!rtpmap) continue;
    const payloadType = Number(rtpmap[1]);
    const fmtp = section
      .find((l) => l.startsWith(`a=fmtp:${payloadType} `))
      ?.slice(`a=fmtp:${payloadType} `.length);
    codecs.push({ payloadType, codec: rtpmap[2] ?? '', clockRate: Number(rtpmap[3]), fmtp: fmtp ?? '' });
  }
  return codecs;
}

/** The first m= section of this kind, as lines. */
function mediaSection(sdp: string, media: 'audio' | 'video'): string[] | null {
  const lines = sdp.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith(`m=${media} `));
  if (start < 0) return null;
  const end = lines.findIndex((l, i) => i > start && l.startsWith('m='));
  return lines.slice(start, end < 0 ? undefined : end);
}

/**
 * The payload type to send `codec` with, or null when the offer does not carry it. For H.264 only
 * packetization-mode=1 with a Constrained Baseline profile qualifies (RFC 6184 §8.1, the profile every
 * WebRTC browser decodes and openh264enc / v4l2h264enc produce).
 */
export function pickPayloadType(sdp: string, codec: VideoCodec | 'OPUS'): number | null {
  const media = codec === 'OPUS' ? 'audio' : 'video';
  const candidates = offeredCodecs(sdp, media).filter((c) => c.codec.toUpperCase() === codec);
  if (codec !== 'H264') return candidates[0]?.payloadType ?? null;
  const baseline = candidates.find(
    (c) => /packetization-mode=1/.test(c.fmtp) && /profile-level-id=42e0/i.test(c.fmtp),
  );
  return baseline?.payloadType ?? null;
}

/** The number of a=candidate lines: a non-trickle description must carry at least one. */
export function countCandidates(sdp: string): number {
  return sdp.split(/\r?\n/).filter((l) => l.startsWith('a=candidate:')).length;
}
