import { describe, expect, it } from 'vitest';
import { parseStructureText, parseWebrtcStats } from '../../src/media/gstreamer/gst-stats.js';
import { encoderFor, receiveBin, sendPipeline, TEST_DEVICES } from '../../src/media/gstreamer/pipeline.js';
import { IceConfig, toGstIceServers } from '../../src/media/ice.js';
import { countCandidates, pickPayloadType } from '../../src/media/sdp.js';

const CHROMIUM_OFFER = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 104 108',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:97 rtx/90000',
  'a=rtpmap:102 H264/90000',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:104 H264/90000',
  'a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f',
  'a=rtpmap:108 H264/90000',
  'a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=candidate:1 1 udp 2113937151 192.0.2.1 50000 typ host',
  '',
].join('\r\n');

describe('reading an offer', () => {
  it('sends each codec with the payload type the offer gave it', () => {
    expect(pickPayloadType(CHROMIUM_OFFER, 'VP8')).toBe(96);
    expect(pickPayloadType(CHROMIUM_OFFER, 'OPUS')).toBe(111);
  });
  it('sends H.264 only as Constrained Baseline with packetization-mode 1', () => {
    expect(pickPayloadType(CHROMIUM_OFFER, 'H264')).toBe(108);
    expect(
      pickPayloadType(
        CHROMIUM_OFFER.replace('profile-level-id=42e01f\r\na=candidate', 'x\r\na=candidate'),
        'H264',
      ),
    ).toBeNull();
  });
  it('finds no codec in an offer without that media', () => {
    expect(pickPayloadType('v=0\r\nm=audio 9 RTP/AVP 0\r\n', 'VP8')).toBeNull();
  });
  it('counts the candidates a complete description carries', () => {
    expect(countCandidates(CHROMIUM_OFFER)).toBe(1);
    expect(countCandidates('v=0\r\n')).toBe(0);
  });
});

describe('ICE servers for webrtcbin', () => {
  it('percent-encodes TURN REST credentials into the URI and keeps the first STUN server', () => {
    const config = IceConfig.parse({
      iceServers: [
        { urls: ['stun:stun.example.org:3478', 'stun:second.example.org'] },
        {
          urls: 'turn:turn.example.org:3478?transport=udp',
          username: '1700000000:kiosk-1',
          credential: 'a/b+c=',
        },
        { urls: 'turns:turn.example.org', username: 'u', credential: 'p' },
      ],
      iceTransportPolicy: 'relay',
    });
    expect(toGstIceServers(config)).toEqual({
      stunServer: 'stun://stun.example.org:3478',
      turnServers: [
        'turn://1700000000%3Akiosk-1:a%2Fb%2Bc%3D@turn.example.org:3478?transport=udp',
        'turns://u:p@turn.example.org:5349',
      ],
    });
  });
  it('refuses a TURN server without credentials and a URI that is not STUN/TURN', () => {
    expect(() =>
      toGstIceServers({ iceServers: [{ urls: 'turn:t.example.org' }], iceTransportPolicy: 'all' }),
    ).toThrow(/username/);
    expect(() => toGstIceServers({ iceServers: [{ urls: 'http://x' }], iceTransportPolicy: 'all' })).toThrow(
      /STUN/,
    );
  });
  it('rejects an unknown transport policy at the boundary', () => {
    expect(IceConfig.safeParse({ iceServers: [], iceTransportPolicy: 'none' }).success).toBe(false);
  });
});

describe('GStreamer pipelines', () => {
  const all = () => true;
  it('prefers the Pi 4 hardware encoder for H.264 and falls back to openh264', () => {
    expect(encoderFor('H264', all)?.element).toBe('v4l2h264enc');
    expect(encoderFor('H264', (e) => e !== 'v4l2h264enc')?.element).toBe('openh264enc');
    expect(encoderFor('H264', (e) => !e.endsWith('h264enc'))).toBeNull();
    expect(encoderFor('VP8', (e) => e !== 'vp8enc')).toBeNull();
  });
  it('sends no audio branch when the offer has no Opus', () => {
    const encoder = { codec: 'VP8' as const, element: 'vp8enc' as const };
    const base = { devices: TEST_DEVICES, encoder, videoPayloadType: 96 };
    expect(sendPipeline({ ...base, audioPayloadType: 111 })).toContain('rtpopuspay pt=111');
    expect(sendPipeline({ ...base, audioPayloadType: null })).not.toContain('opus');
  });
  it('decodes remote streams by their RTP encoding and ignores unknown ones', () => {
    expect(
      receiveBin('application/x-rtp, encoding-name=(string)VP8, payload=(int)96', TEST_DEVICES),
    ).toContain('vp8dec');
    expect(receiveBin('application/x-rtp, encoding-name=(string)H264', TEST_DEVICES)).toContain(
      'openh264dec',
    );
    expect(receiveBin('application/x-rtp, encoding-name=(string)AV1', TEST_DEVICES)).toBeNull();
  });
});

describe('webrtcbin statistics', () => {
  it('reads typed fields from a serialised structure', () => {
    const fields = parseStructureText(
      'outbound-rtp, type=(GstWebRTCStatsType)outbound-rtp, id=(string)"rtp-out", bytes-sent=(guint64)1234;',
    );
    expect(fields.get('type')).toBe('outbound-rtp');
    expect(fields.get('id')).toBe('rtp-out');
    expect(fields.get('bytes-sent')).toBe('1234');
  });
  it('reports no bytes and no candidate pair without a reply', () => {
    expect(parseWebrtcStats(null)).toEqual({ bytesSent: 0, bytesReceived: 0, candidatePair: null });
  });
});
