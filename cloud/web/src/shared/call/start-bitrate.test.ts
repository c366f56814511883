import { describe, expect, it } from 'vitest';
import { withStartBitrate } from './start-bitrate.js';

/** A trimmed Chromium answer: audio, then video with VP8 (no fmtp), VP9 (fmtp) and their RTX. */
const SDP = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 VP9/90000',
  'a=fmtp:98 profile-id=0',
  'a=rtpmap:99 rtx/90000',
  'a=fmtp:99 apt=98',
  '',
].join('\r\n');

describe('start bitrate', () => {
  it('gives every picture codec of the video section a start rate, and nothing else', () => {
    const out = withStartBitrate(SDP, 1000);
    expect(out).toContain('a=rtpmap:96 VP8/90000\r\na=fmtp:96 x-google-start-bitrate=1000\r\n');
    expect(out).toContain('a=fmtp:98 profile-id=0;x-google-start-bitrate=1000\r\n');
    expect(out, 'retransmission streams untouched').toContain('a=fmtp:97 apt=96\r\n');
    expect(out).toContain('a=fmtp:99 apt=98\r\n');
    expect(out, 'audio untouched').toContain('a=fmtp:111 minptime=10;useinbandfec=1\r\n');
    expect(out.match(/x-google-start-bitrate/g)).toHaveLength(2);
  });

  it('is idempotent and leaves an SDP without video alone', () => {
    const once = withStartBitrate(SDP, 1000);
    expect(withStartBitrate(once, 1000)).toBe(once);
    const audioOnly = SDP.split('m=video')[0]!;
    expect(withStartBitrate(audioOnly, 1000)).toBe(audioOnly);
  });
});
