import { MediaError } from '../errors.js';
import type { GstApi, GstStructure } from './gi.js';

/** A remote SDP text as webrtcbin's session description; text that is not SDP is a negotiation failure. */
export function sessionDescription(api: GstApi, type: 'OFFER' | 'ANSWER', sdp: string) {
  const { GstSdp, GstWebRTC } = api;
  const [result, message] = GstSdp.SDPMessage.newFromText(sdp);
  if (result !== 0) throw MediaError.negotiationFailed(`the remote ${type.toLowerCase()} is not valid SDP`);
  return GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType[type], message);
}

/** The description webrtcbin's create-offer / create-answer replied with. */
export function replyDescription(reply: GstStructure | null, field: 'offer' | 'answer') {
  const description = reply?.getValue(field)?.getBoxed();
  if (!description) throw MediaError.negotiationFailed(`webrtcbin produced no ${field}`);
  return description;
}
