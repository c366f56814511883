import type { VideoCodec } from '../../media-engine.js';
import { MediaError } from '../errors.js';
import { pickPayloadType } from '../sdp.js';
import { START_LATENCY_MS } from './jitter-latency.js';

/** Where the kiosk's media comes from and goes to. Tests use the synthetic sources and fake sinks. */
export interface GstDevices {
  /**
   * 'test' = videotestsrc (moving ball); 'v4l2' = USB/CSI camera via V4L2; 'libcamera' = Pi camera stack;
   * 'none' = no camera was found (media/camera-check.ts): a black picture, so the call still carries sound
   * both ways and the other side's video.
   */
  camera: 'test' | 'v4l2' | 'libcamera' | 'none';
  cameraDevice?: string;
  microphone: 'test' | 'alsa' | 'none';
  /**
   * 'fake' counts frames only; 'gtk' draws into the kiosk screen's window (gtksink, with a self-view);
   * 'kms' draws full-screen without a compositor; 'wayland' inside a compositor.
   */
  display: 'fake' | 'gtk' | 'kms' | 'wayland';
  speaker: 'fake' | 'alsa';
  width: number;
  height: number;
  framerate: number;
}

export const TEST_DEVICES: GstDevices = {
  camera: 'test',
  microphone: 'test',
  display: 'fake',
  speaker: 'fake',
  width: 640,
  height: 360,
  framerate: 30,
};

/** A Pi kiosk: V4L2 camera (USB or CSI through the V4L2 compatibility layer), ALSA, the kiosk screen (GTK). */
export const KIOSK_DEVICES: GstDevices = {
  camera: 'v4l2',
  microphone: 'alsa',
  display: 'gtk',
  speaker: 'alsa',
  width: 640,
  height: 360,
  framerate: 25,
};

/** Which element encodes each codec here; null when the codec cannot be sent. */
export interface EncoderChoice {
  codec: VideoCodec;
  element: 'v4l2h264enc' | 'openh264enc' | 'vp8enc';
}

export function encoderFor(codec: VideoCodec, has: (element: string) => boolean): EncoderChoice | null {
  if (codec === 'VP8') return has('vp8enc') ? { codec, element: 'vp8enc' } : null;
  // A Pi 4 encodes H.264 in hardware; a Pi 5 has no encoder, so openh264 (software) is the fallback.
  if (!has('rtph264pay') || !has('capssetter') || !has('h264parse')) return null;
  if (has('v4l2h264enc')) return { codec, element: 'v4l2h264enc' };
  return has('openh264enc') ? { codec, element: 'openh264enc' } : null;
}

const ENCODERS: Record<EncoderChoice['element'], string> = {
  // deadline=1 is libvpx "realtime"; error-resilient keeps decoding going over packet loss.
  vp8enc:
    'vp8enc deadline=1 cpu-used=8 target-bitrate=800000 keyframe-max-dist=60 error-resilient=partitions',
  // Constrained Baseline is what every WebRTC browser decodes (RFC 6184 profile-level-id 42e01f).
  openh264enc:
    'openh264enc bitrate=800000 complexity=low gop-size=60 ! h264parse ! video/x-h264,profile=constrained-baseline',
  // repeat_sequence_header: SPS/PPS with every IDR so a late decoder can start (Pi 4 bcm2835-codec).
  v4l2h264enc:
    'v4l2h264enc extra-controls="controls,repeat_sequence_header=1,video_bitrate=800000,h264_i_frame_period=60" ! video/x-h264,level=(string)3.1,profile=(string)constrained-baseline ! h264parse',
};

/** The RTP caps webrtcbin reads its codec and payload type from; set again when a prepared pipeline answers. */
export function videoRtpCaps(codec: VideoCodec, pt: number): string {
  return codec === 'VP8'
    ? `application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=${pt}`
    : `application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=${pt},packetization-mode=(string)1,profile-level-id=(string)42e01f`;
}
export const audioRtpCaps = (pt: number) =>
  `application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload=${pt}`;

const PAYLOADERS: Record<VideoCodec, (pt: number) => string> = {
  VP8: (pt) =>
    `rtpvp8pay pt=${pt} name=video_pay ! capsfilter name=video_rtp caps="${videoRtpCaps('VP8', pt)}"`,
  // The encoders' SPS say 42c01e/42c01f (Constrained Baseline through constraint_set1); browsers offer 42e01f
  // for the same profile. capssetter declares 42e01f so webrtcbin's caps match the answer (RFC 6184 §8.1:
  // a level 3.0 stream is valid under a level 3.1 declaration).
  H264: (pt) =>
    `rtph264pay pt=${pt} name=video_pay config-interval=-1 aggregate-mode=zero-latency ! capssetter caps="application/x-rtp,profile-level-id=(string)42e01f" ! capsfilter name=video_rtp caps="${videoRtpCaps('H264', pt)}"`,
};

/** The codec order to try: the preference first, then hardware H.264 (Pi 4) before software VP8, else VP8. */
export function preferredCodecs(
  preferred: VideoCodec | undefined,
  has: (element: string) => boolean,
): VideoCodec[] {
  const order: VideoCodec[] = has('v4l2h264enc') ? ['H264', 'VP8'] : ['VP8', 'H264'];
  return preferred ? [preferred, ...order.filter((c) => c !== preferred)] : order;
}

export function cameraSource(devices: GstDevices): string {
  switch (devices.camera) {
    case 'test':
      return 'videotestsrc is-live=true pattern=ball';
    case 'v4l2':
      return `v4l2src${devices.cameraDevice ? ` device=${devices.cameraDevice}` : ''}`;
    case 'libcamera':
      return 'libcamerasrc';
    case 'none':
      return 'videotestsrc is-live=true pattern=black';
  }
}

export interface SendPipelineOptions {
  devices: GstDevices;
  encoder: EncoderChoice;
  videoPayloadType: number;
  /** null: the other party offered no Opus, send no audio. */
  audioPayloadType: number | null;
  /**
   * 'detached' (a call prepared while the kiosk rings, gstreamer-engine.ts): no camera or microphone element at
   * all; the chains start at `camera_in` / `mic_in`, where answering links the sources (prepared-send.ts).
   */
  sources?: 'attached' | 'detached';
}

export function microphoneSource(devices: GstDevices): string | null {
  if (devices.microphone === 'none') return null;
  return devices.microphone === 'test' ? 'audiotestsrc is-live=true wave=sine volume=0.2' : 'alsasrc';
}

/**
 * The sending half, in gst-launch syntax. The encoded video is teed into an fpsdisplaysink over a fakesink:
 * its `frames-rendered` counter is read by polling, so no JavaScript runs per frame on a streaming thread
 * (node-gtk marshals such callbacks to the main thread and blocks the streaming thread meanwhile).
 */
export function sendPipeline(options: SendPipelineOptions): string {
  const { devices, encoder } = options;
  const detached = options.sources === 'detached';
  const raw = `video/x-raw,width=${devices.width},height=${devices.height},framerate=${devices.framerate}/1`;
  // async=false on every sink: a detached pipeline has no data to preroll with, yet must reach PLAYING.
  const parts = [
    `webrtcbin name=webrtc bundle-policy=max-bundle latency=${START_LATENCY_MS}`,
    `${detached ? '' : `${cameraSource(devices)} ! `}videoconvert name=camera_in ! videoscale ! videorate ! ${raw} ! tee name=camera`,
    `camera. ! queue max-size-buffers=2 leaky=downstream ! ${ENCODERS[encoder.element]} ! tee name=encoded`,
    `encoded. ! queue ! ${PAYLOADERS[encoder.codec](options.videoPayloadType)} ! webrtc.`,
    'encoded. ! queue leaky=downstream ! fpsdisplaysink name=sent video-sink="fakesink async=false" text-overlay=false signal-fps-measurements=false sync=false',
  ];
  if (devices.display === 'gtk')
    // The self-view: a quarter-size picture of the camera in the screen's corner (gtksink's widget).
    parts.push(
      `camera. ! queue max-size-buffers=1 leaky=downstream ! videoscale ! video/x-raw,width=${devices.width / 4},height=${devices.height / 4} ! videoconvert ! gtksink name=self_view sync=false async=false`,
    );
  const mic = microphoneSource(devices);
  if (options.audioPayloadType !== null && mic !== null) {
    const pt = options.audioPayloadType;
    parts.push(
      `${detached ? '' : `${mic} ! `}audioconvert name=mic_in ! audioresample ! queue ! opusenc ! rtpopuspay pt=${pt} name=audio_pay ! capsfilter name=audio_rtp caps="${audioRtpCaps(pt)}" ! webrtc.`,
    );
  }
  return parts.join('  ');
}

const DISPLAY: Record<GstDevices['display'], string> = {
  fake: 'fakesink sync=false',
  gtk: 'gtksink name=remote_view sync=false',
  kms: 'kmssink force-modesetting=true sync=false',
  wayland: 'waylandsink fullscreen=true sync=false',
};

/** The receiving bin for one webrtcbin src pad, chosen from the pad's RTP caps; null for an unknown codec. */
export function receiveBin(rtpCaps: string, devices: GstDevices): string | null {
  const encoding = /encoding-name=\(string\)([A-Za-z0-9]+)/.exec(rtpCaps)?.[1]?.toUpperCase();
  // fpsdisplaysink cannot link with gtksink inside it (caps query fails, probed: GST_PAD_LINK_NOFORMAT), so the
  // kiosk screen's gtksink stands alone and its frames are read from GstBaseSink's `stats` instead.
  const display =
    devices.display === 'gtk'
      ? `videoconvert ! ${DISPLAY.gtk}`
      : `videoconvert ! fpsdisplaysink name=received video-sink="${DISPLAY[devices.display]}" text-overlay=false signal-fps-measurements=false sync=false`;
  switch (encoding) {
    case 'VP8':
      return `queue ! rtpvp8depay ! vp8dec ! ${display}`;
    case 'H264':
      return `queue ! rtph264depay ! h264parse ! openh264dec ! ${display}`;
    case 'OPUS':
      return `queue ! rtpopusdepay ! opusdec ! audioconvert ! audioresample ! ${devices.speaker === 'alsa' ? 'alsasink' : 'fakesink'} sync=false`;
    default:
      return null;
  }
}

/** The first codec the kiosk prefers that it can encode and the offer carries, with the offer's payload type. */
export function chooseEncoder(
  offerSdp: string,
  preferred: VideoCodec | undefined,
  has: (element: string) => boolean,
): { encoder: EncoderChoice; payloadType: number } {
  for (const codec of preferredCodecs(preferred, has)) {
    const encoder = encoderFor(codec, has);
    const payloadType = pickPayloadType(offerSdp, codec);
    if (encoder && payloadType !== null) return { encoder, payloadType };
  }
  throw MediaError.negotiationFailed('the offer has no video codec this kiosk can encode (VP8, H.264)');
}
