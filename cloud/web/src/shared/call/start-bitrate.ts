/**
 * Where our video sender's bandwidth estimate starts (issue 15 §3, answer → first frame). While a call rings
 * no RTP flows (nothing leaves before "Tag den"), so when the tracks go on the estimate is still the browser's
 * default start (Chromium: 300 kbit/s). At that rate the first frames are dropped "due to size" and the
 * camera is asked for a smaller picture, and the first key frame is paced out slowly: about a quarter of a
 * second before the other side decodes anything. Chromium reads a start rate for ITS sender from the video
 * codecs' `x-google-start-bitrate` (kbit/s) in the REMOTE description, so each side writes it into the
 * description it applies; the SDP that goes over the wire is not touched. Browsers that do not know the
 * parameter ignore it (RFC 4566 §6: unknown fmtp parameters are ignored).
 *
 * Not too high: the estimate falls within a second or two on a slow link (bandwidth.ts then adapts), and a
 * 3G link carries about 1 Mbit/s.
 */
export const START_KBPS = 1_000;

/** Codecs that carry pictures (not retransmission, redundancy or FEC streams). */
const PICTURE_CODECS = /^(VP8|VP9|H264|H265|AV1)$/i;

export function withStartBitrate(sdp: string, kbps = START_KBPS): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const sections = sdp.split(/(?=\r?\nm=)/);
  return sections
    .map((section) => {
      if (!/^\r?\nm=video /.test(section)) return section;
      const pts = [...section.matchAll(/a=rtpmap:(\d+) ([^/\s]+)\//g)]
        .filter((m) => PICTURE_CODECS.test(m[2]!))
        .map((m) => m[1]!);
      let out = section;
      for (const pt of pts) {
        const fmtp = new RegExp(`(a=fmtp:${pt} [^\\r\\n]*)`);
        if (fmtp.test(out)) {
          if (!new RegExp(`a=fmtp:${pt} [^\\r\\n]*x-google-start-bitrate`).test(out))
            out = out.replace(fmtp, `$1;x-google-start-bitrate=${kbps}`);
        } else
          out = out.replace(
            new RegExp(`(a=rtpmap:${pt} [^\\r\\n]*)`),
            `$1${eol}a=fmtp:${pt} x-google-start-bitrate=${kbps}`,
          );
      }
      return out;
    })
    .join('');
}
