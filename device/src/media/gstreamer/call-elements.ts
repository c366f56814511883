import type { Logger } from '../../logger.js';
import { MediaError } from '../errors.js';
import { type IceConfig, toGstIceServers } from '../ice.js';
import type { VideoView } from '../video-view.js';
import type { DtlsPeerGate } from './dtls-peer-gate.js';
import type { GstApi, GstElement, GstPad } from './gi.js';
import { renderedBy } from './gst-stats.js';
import { type EncoderChoice, type GstDevices, receiveBin, sendPipeline } from './pipeline.js';
import { attachSources, type PreparedSend } from './prepared-send.js';

// The media elements of one GstCall (gstreamer-call.ts): the send pipeline with its webrtcbin, and a decoder per
// remote stream. Negotiation (offer, answer, ICE) stays in the call; these only build and link elements.

export interface SendElements {
  api: GstApi;
  devices: GstDevices;
  encoder: EncoderChoice;
  videoPayloadType: number;
  audioPayloadType: number | null;
  /** The pipeline prepared while the call rang (already PLAYING, no sources yet), or null to build one. */
  prepared: PreparedSend | null;
}

/** Builds the send pipeline, or takes the prepared one, and sets up its webrtcbin (send path held, ICE servers). */
export function sendPipelineFor(
  options: SendElements & { peer: Pick<DtlsPeerGate, 'holdSendPath'>; ice: IceConfig },
): { pipeline: GstElement; webrtc: GstElement } {
  const { api, encoder, videoPayloadType, audioPayloadType, prepared } = options;
  const { Gst, GstWebRTC } = api;
  let pipeline: GstElement;
  if (prepared) pipeline = prepared.pipeline;
  else
    try {
      const description = sendPipeline({
        devices: options.devices,
        encoder,
        videoPayloadType,
        audioPayloadType,
      });
      pipeline = Gst.parseLaunch(description);
    } catch (cause) {
      throw MediaError.pipeline('the send pipeline does not build', cause);
    }
  const webrtc = pipeline.getByName('webrtc');
  if (!webrtc) throw MediaError.pipeline('webrtcbin is missing from the pipeline');
  options.peer.holdSendPath(pipeline, webrtc);
  const ice = toGstIceServers(options.ice);
  if (ice.stunServer) webrtc.stunServer = ice.stunServer;
  for (const uri of ice.turnServers) webrtc.emit('add-turn-server', uri);
  webrtc.iceTransportPolicy =
    options.ice.iceTransportPolicy === 'relay'
      ? GstWebRTC.WebRTCICETransportPolicy.RELAY
      : GstWebRTC.WebRTCICETransportPolicy.ALL;
  return { pipeline, webrtc };
}

/** Starts sending: a prepared pipeline gets its camera and microphone now, a built one is set PLAYING. */
export function startSending(options: SendElements & { pipeline: GstElement; log: Logger }): void {
  const { api, encoder, videoPayloadType, audioPayloadType, prepared, pipeline, log } = options;
  const { Gst } = api;
  if (prepared) {
    // The camera and microphone are opened only now, the call answered (prepared-send.ts).
    attachSources(api, prepared, options.devices, videoPayloadType, audioPayloadType);
    log.info({ codec: encoder.codec, encoder: encoder.element }, 'prepared media pipeline: sources on');
    return;
  }
  if (pipeline.setState(Gst.State.PLAYING) === Gst.StateChangeReturn.FAILURE)
    throw MediaError.pipeline('the pipeline refused to play (camera busy or missing?)');
  log.info({ codec: encoder.codec, encoder: encoder.element }, 'media pipeline playing');
}

/** A verified remote stream: a decoder bin for it (display or speaker), linked to the pad webrtcbin added. */
export function linkRemoteStream(options: {
  api: GstApi;
  devices: GstDevices;
  pipeline: GstElement;
  pad: GstPad;
  log: Logger;
  /** Hands the bin's gtksink widget to the kiosk screen, before the sink starts. */
  attachWidget(sink: GstElement | null): void;
}): void {
  const { api, pipeline, pad, log } = options;
  const caps = pad.getCurrentCaps()?.toString() ?? '';
  const description = receiveBin(caps, options.devices);
  if (description === null) {
    log.warn({ caps }, 'remote stream with an unknown codec: not decoded');
    return;
  }
  const bin = api.Gst.parseBinFromDescription(description, true);
  // Before the sink starts: a gtksink whose widget has no window yet opens a window of its own.
  options.attachWidget(bin.getByName('remote_view'));
  pipeline.add(bin);
  bin.syncStateWithParent();
  const sink = bin.getStaticPad('sink');
  if (!sink || pad.link(sink) !== api.Gst.PadLinkReturn.OK)
    log.warn({ pad: pad.getName() }, 'could not link a remote stream');
}

/** gtksink makes its widget on first access; this runs on Node's (= GTK's) thread. */
export function attachWidget(view: VideoView | undefined, slot: 'remote' | 'self', sink: GstElement | null) {
  const widget = sink?.widget;
  if (widget && view) view.attachWidget(slot, widget);
}

/** Remote video frames shown: the fpsdisplaysink's count, or the kiosk screen's gtksink's. */
export function framesReceived(pipeline: GstElement): number {
  return (
    Number(pipeline.getByName('received')?.framesRendered ?? 0) ||
    renderedBy(pipeline.getByName('remote_view'))
  );
}
