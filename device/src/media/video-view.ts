/**
 * Where a media engine shows video on the kiosk's own screen (device/src/screen/). The engines know nothing
 * of GTK: GStreamer hands over the widget of its `gtksink` (the video stays inside GStreamer, the customer's
 * design card), @roamhq/wrtc hands over raw I420 frames. Without a screen (tests, a headless box) the engines
 * get no view and count frames only.
 */
export type VideoSlot = 'remote' | 'self';

export interface I420Frame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface VideoView {
  /** A `gtksink` element's `widget` (a GtkWidget from the same node-gtk), placed in the slot. */
  attachWidget(slot: VideoSlot, widget: unknown): void;
  /** A decoded frame for the slot; the view may drop frames to keep the kiosk's CPU low. */
  showFrame(slot: VideoSlot, frame: I420Frame): void;
  /** The call is over: remove every picture (nothing of the call stays on the glass). */
  clear(): void;
}
