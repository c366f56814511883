import { MediaError } from '../errors.js';

/*
 * The slice of node-gtk's GObject-introspection bindings the engine uses. node-gtk ships no TypeScript types,
 * so these describe exactly what is called; anything else stays out of reach of the compiler on purpose.
 * GObject properties read as camelCase fields (`ice-gathering-state` -> `iceGatheringState`).
 */
export interface GObj {
  connect(signal: string, handler: (...args: never[]) => void): number;
  disconnect(handlerId: number): void;
  emit(signal: string, ...args: unknown[]): unknown;
}
export interface GstPad extends GObj {
  getName(): string;
  getCurrentCaps(): { toString(): string } | null;
  link(sink: GstPad): number;
  getPeer(): GstPad | null;
  unlink(sink: GstPad): boolean;
}
export interface GstStructure {
  toString(): string;
  nFields(): number;
  nthFieldName(index: number): string;
  getValue(field: string): { getBoxed(): unknown } | null;
}
export interface GstPromise {
  getReply(): GstStructure | null;
}
export interface GstBus {
  pop(): { type: number; src?: { name?: string }; parseError?(): [{ message: string }, string] } | null;
}
export interface GstElement extends GObj {
  setState(state: number): number;
  getByName(name: string): GstElement | null;
  getStaticPad(name: string): GstPad | null;
  getBus(): GstBus;
  add(element: GstElement): boolean;
  syncStateWithParent(): boolean;
  setLockedState(locked: boolean): boolean;
  [property: string]: unknown;
}
export interface GstIterator {
  foreach(callback: (value: { getObject(): GstElement }) => void): number;
}
export interface SdpDescription {
  sdp: { asText(): string };
}

export interface GstApi {
  Gst: {
    State: { NULL: number; READY: number; PLAYING: number };
    StateChangeReturn: { FAILURE: number };
    MessageType: { ERROR: number; EOS: number };
    PadLinkReturn: { OK: number };
    parseLaunch(description: string): GstElement;
    parseBinFromDescription(description: string, ghostUnlinkedPads: boolean): GstElement;
    ElementFactory: {
      find(name: string): unknown;
      make(factory: string, name: string | null): GstElement | null;
    };
    Promise: { new (): GstPromise; newWithChangeFunc(fn: (promise: GstPromise) => void): GstPromise };
    Structure: { newEmpty(name: string): GstStructure };
    Caps: { fromString(caps: string): unknown };
    version(): number[];
  };
  GstWebRTC: {
    WebRTCSDPType: { OFFER: number; ANSWER: number };
    WebRTCICEGatheringState: { COMPLETE: number };
    WebRTCICETransportPolicy: { ALL: number; RELAY: number };
    WebRTCSessionDescription: { new: (type: number, sdp: unknown) => SdpDescription };
  };
  GstSdp: { SDPMessage: { newFromText(text: string): [number, unknown] } };
  GLib: { MainContext: { default(): { iteration(mayBlock: boolean): boolean } } };
}

/**
 * Loads node-gtk and the GStreamer typelibs lazily: node-gtk is an optional dependency, and a kiosk without
 * it (or without gir1.2-gst-plugins-bad-1.0 for webrtcbin) must still start and report engine 'wrtc' or 'none'.
 */
export async function loadGstApi(): Promise<GstApi> {
  // A variable specifier keeps TypeScript from resolving the untyped optional module at compile time.
  const specifier = 'node-gtk';
  let gi: { require(ns: string, version: string): unknown };
  try {
    const module = (await import(specifier)) as { default?: typeof gi } & typeof gi;
    gi = module.default ?? module;
  } catch (cause) {
    throw MediaError.unavailable('gstreamer', 'node-gtk is not installed or does not load', cause);
  }
  try {
    const api = {
      Gst: gi.require('Gst', '1.0'),
      GstWebRTC: gi.require('GstWebRTC', '1.0'),
      GstSdp: gi.require('GstSdp', '1.0'),
      GLib: gi.require('GLib', '2.0'),
    } as GstApi;
    (api.Gst as unknown as { init(argv: null): void }).init(null);
    return api;
  } catch (cause) {
    throw MediaError.unavailable('gstreamer', 'the GStreamer/GstWebRTC typelibs do not load', cause);
  }
}

/** Every element made by `factory` inside `bin`, at any depth (gst_bin_iterate_all_by_element_factory_name). */
export function elementsByFactory(bin: GstElement, factory: string): GstElement[] {
  const found: GstElement[] = [];
  // node-gtk maps GstIterator.next onto the struct's function-pointer field, so foreach is the way to iterate.
  const iterator = (bin.iterateAllByElementFactoryName as (name: string) => GstIterator).call(bin, factory);
  iterator.foreach((value) => found.push(value.getObject()));
  return found;
}

export function hasElement(api: GstApi, name: string): boolean {
  return api.Gst.ElementFactory.find(name) !== null;
}
