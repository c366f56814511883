import type { VideoCodec } from '../../media-engine.js';
import { MediaError } from '../errors.js';
import type { GstApi, GstElement } from './gi.js';
import {
  audioRtpCaps,
  cameraSource,
  type EncoderChoice,
  type GstDevices,
  microphoneSource,
  sendPipeline,
  videoRtpCaps,
} from './pipeline.js';

/**
 * A send pipeline built while the kiosk rings, so that answering only links the sources (issue 11: answer ->
 * first frame). PRIVACY INVARIANT: until `attachSources` runs (the citizen answered and the offer arrived), the
 * pipeline holds NO camera or microphone element at all: nothing is opened, so nothing the camera sees can
 * leave the device, and a declined, missed or cancelled call is dropped by `discardPrepared` without ever
 * having touched a device. What is ready by then: the plugins loaded (the first use of a codec costs
 * 125-236 ms), webrtcbin and the encoder, all PLAYING.
 * Payload types are the usual dynamic ones (RFC 3551 §6; Chromium's numbers) and are set to the offer's on
 * answer, before webrtcbin reads them from the payloader's caps.
 */
export interface PreparedSend {
  readonly callId: string;
  readonly encoder: EncoderChoice;
  /** An Opus branch exists (the device has a microphone); an offer without Opus cannot use this pipeline. */
  readonly audio: boolean;
  readonly pipeline: GstElement;
}

const DEFAULT_PT: Record<VideoCodec, number> = { VP8: 96, H264: 102 };
const DEFAULT_AUDIO_PT = 111;

export function prepareSend(
  api: GstApi,
  devices: GstDevices,
  callId: string,
  encoder: EncoderChoice,
  /** READY: only load the plugins and set up (a warm-up, measured in docs/performance.md); PLAYING: for a call. */
  target: 'READY' | 'PLAYING' = 'PLAYING',
): PreparedSend {
  const { Gst } = api;
  const audio = microphoneSource(devices) !== null;
  let pipeline: GstElement;
  try {
    pipeline = Gst.parseLaunch(
      sendPipeline({
        devices,
        encoder,
        videoPayloadType: DEFAULT_PT[encoder.codec],
        audioPayloadType: audio ? DEFAULT_AUDIO_PT : null,
        sources: 'detached',
      }),
    );
  } catch (cause) {
    throw MediaError.pipeline('the prepared send pipeline does not build', cause);
  }
  if (!pipeline.getByName('webrtc')) throw MediaError.pipeline('webrtcbin is missing from the pipeline');
  // The self-view's gtksink would open a window of its own if it started before its widget is on the screen,
  // and the screen shows it only once answered: it stays in NULL until then.
  pipeline.getByName('self_view')?.setLockedState(true);
  const prepared = { callId, encoder, audio, pipeline };
  if (pipeline.setState(Gst.State[target]) === Gst.StateChangeReturn.FAILURE) {
    discardPrepared(api, prepared);
    throw MediaError.pipeline('the prepared pipeline refused to play');
  }
  return prepared;
}

/**
 * The call is answered: the offer's payload types go into the payloaders, the self-view starts, and the camera
 * and microphone are made and linked in front of `camera_in` / `mic_in`. The caller attached the self-view's
 * widget first.
 */
export function attachSources(
  api: GstApi,
  prepared: PreparedSend,
  devices: GstDevices,
  videoPayloadType: number,
  audioPayloadType: number | null,
): void {
  const { Gst } = api;
  const { pipeline, encoder } = prepared;
  setPayloadType(api, pipeline, 'video', videoPayloadType, videoRtpCaps(encoder.codec, videoPayloadType));
  if (prepared.audio && audioPayloadType !== null)
    setPayloadType(api, pipeline, 'audio', audioPayloadType, audioRtpCaps(audioPayloadType));
  const selfView = pipeline.getByName('self_view');
  if (selfView) {
    selfView.setLockedState(false);
    selfView.syncStateWithParent();
  }
  const mic = microphoneSource(devices);
  const sources: [string, string | null][] = [
    ['camera_in', cameraSource(devices)],
    ['mic_in', prepared.audio ? mic : null],
  ];
  for (const [target, description] of sources) {
    if (description === null) continue;
    const sink = pipeline.getByName(target)?.getStaticPad('sink');
    const source = Gst.parseBinFromDescription(description, true);
    pipeline.add(source);
    const src = source.getStaticPad('src');
    if (!sink || !src || src.link(sink) !== Gst.PadLinkReturn.OK)
      throw MediaError.pipeline(`could not link the ${target === 'camera_in' ? 'camera' : 'microphone'}`);
    if (!source.syncStateWithParent())
      throw MediaError.pipeline('the camera or microphone refused to start (busy or missing?)');
  }
}

function setPayloadType(
  api: GstApi,
  pipeline: GstElement,
  kind: 'video' | 'audio',
  pt: number,
  caps: string,
) {
  const pay = pipeline.getByName(`${kind}_pay`);
  const filter = pipeline.getByName(`${kind}_rtp`);
  if (!pay || !filter) throw MediaError.pipeline(`the prepared ${kind} payloader is missing`);
  pay.pt = pt;
  filter.caps = api.Gst.Caps.fromString(caps);
}

/** Drops a prepared pipeline nobody answered with. NULL frees everything; no webrtcbin promise is in flight. */
export function discardPrepared(api: GstApi, prepared: PreparedSend): void {
  prepared.pipeline.setState(api.Gst.State.NULL);
}

/** Every element factory that opens a camera or microphone (the privacy invariant above names them). */
export const SOURCE_FACTORIES = ['videotestsrc', 'v4l2src', 'libcamerasrc', 'audiotestsrc', 'alsasrc'];
