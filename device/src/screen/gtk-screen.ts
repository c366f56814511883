import { type Clock, systemClock } from '@screenvisit/protocol';
import type { KioskScreenModel } from '../kiosk-screen.js';
import type { Logger } from '../logger.js';
import type { I420Frame, VideoSlot, VideoView } from '../media/video-view.js';
import {
  type GtkApi,
  type GtkBox,
  type GtkImage,
  type GtkLabel,
  type GtkWidget,
  loadGtkApi,
} from './gtk-api.js';
import { i420ToRgb } from './i420.js';
import { kioskCss } from './kiosk-css.js';
import { type ScreenView, screenView } from './screen-view.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The kiosk's own screen (issue 11): what the agent's screen model looks like on the glass. */
export interface KioskDisplay {
  render(model: KioskScreenModel): void;
  readonly video: VideoView;
  /** Every text a person can read on the glass now: the drawn labels and buttons, top to bottom. */
  visibleTexts(): string[];
  /** Where the drawn label or button with exactly this text is, in window pixels; null when not drawn. */
  boxOf(text: string): Rect | null;
  /** A touch (or click) on the glass outside the call page, or on the call page's "Læg på". */
  onTouch(listener: () => void): () => void;
  /** Resolves with performance.now() after the next frame GTK painted (the benchmark's "pixels on screen"). */
  nextPaint(): Promise<number>;
  /** Frames drawn in a slot by the raw-frame path (wrtc); gtksink counts its own. */
  framesShown(slot: VideoSlot): number;
  close(): void;
}

export interface GtkScreenOptions {
  log: Logger;
  clock?: Clock;
  /** Full-screen on the kiosk (cage); a fixed-size window in tests under Xvfb. */
  size?: { width: number; height: number };
  timeZone?: string;
  env?: Record<string, string | undefined>;
}

// The wrtc path converts frames in JavaScript: cap what it draws so a call stays within the Pi's CPU.
const REMOTE_FPS = 15;
const SELF_FPS = 5;
const IDLE_PUMP_MS = 100;
const BUSY_PUMP_MS = 16;
const BURST_MS = 400;

/**
 * GTK 3 through node-gtk, in the agent's own process (one process, media stays in GStreamer: the customer's
 * design card). INVARIANTS:
 *  - GTK runs on Node's thread without `Gtk.main()` (node-gtk 4 has no startLoop; main() would block Node):
 *    the default GLib context is pumped with bounded non-blocking `iteration(false)` calls on a Node timer,
 *    every 100 ms at rest (idle CPU), every 16 ms while video plays or for 400 ms after a change (so a ring is
 *    painted within a frame or two);
 *  - every text goes through setText (never Pango markup), so a caller's name cannot inject markup;
 *  - the caller's name exists only in the labels' memory, and `clear` and the next render replace it.
 */
export async function openGtkScreen(options: GtkScreenOptions): Promise<KioskDisplay> {
  const api = await loadGtkApi(options.env);
  return new GtkScreen(api, options);
}

class GtkScreen implements KioskDisplay {
  readonly #api: GtkApi;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #timeZone: string | undefined;
  readonly #window;
  readonly #stack;
  readonly #labels: Record<
    'status' | 'title' | 'subtitle' | 'detail' | 'hint' | 'elapsed' | 'callName',
    GtkLabel
  >;
  readonly #hangUp;
  readonly #slots: Record<VideoSlot, GtkBox>;
  readonly #images: Partial<Record<VideoSlot, GtkImage>> = {};
  readonly #shown: Record<VideoSlot, number> = { remote: 0, self: 0 };
  readonly #lastShown: Record<VideoSlot, number> = { remote: 0, self: 0 };
  readonly #touch = new Set<() => void>();
  #model: KioskScreenModel | null = null;
  #view: ScreenView | null = null;
  #tone = 'calm';
  #pump: NodeJS.Timeout | null = null;
  #pumpMs = 0;
  #burstUntil = 0;
  #ticker: NodeJS.Timeout;
  #closed = false;
  readonly #selfSize: { width: number; height: number };
  readonly video: VideoView;

  constructor(api: GtkApi, options: GtkScreenOptions) {
    this.#api = api;
    this.#log = options.log.child({ module: 'screen' });
    this.#clock = options.clock ?? systemClock;
    this.#timeZone = options.timeZone;
    const { Gtk, Gdk } = api;
    const size = options.size ?? { width: 800, height: 480 };
    // One provider per rule: node-gtk 4.1 garbles strings over ~300 bytes passed as gchar arrays (probed:
    // loadFromData fails "<data>:1:0 Expected a valid selector" from 349 bytes on).
    for (const rule of kioskCss(size.height)) {
      const css = new Gtk.CssProvider();
      css.loadFromData(rule, -1);
      // 800 = GTK_STYLE_PROVIDER_PRIORITY_USER: the kiosk's colours win over any desktop theme.
      Gtk.StyleContext.addProviderForScreen(Gdk.Screen.getDefault(), css, 800);
    }

    const label = (cls: string) => {
      const l = new Gtk.Label({ label: '' });
      l.setLineWrap(true);
      l.setJustify(Gtk.Justification.CENTER);
      l.getStyleContext().addClass(cls);
      return l;
    };
    this.#labels = {
      status: label('status'),
      title: label('title'),
      subtitle: label('subtitle'),
      detail: label('detail'),
      hint: label('hint'),
      elapsed: label('elapsed'),
      callName: label('call-name'),
    };
    const textPage = new Gtk.Box({
      orientation: Gtk.Orientation.VERTICAL,
      spacing: Math.round(size.height / 40),
    });
    textPage.setValign(Gtk.Align.CENTER);
    for (const name of ['status', 'title', 'subtitle', 'detail', 'hint'] as const) {
      // A wrapped label asks for the height it needs at its MINIMUM width (one word per line), which would
      // grow the window past the panel: fix each line's width to the panel's, so it wraps at full width.
      this.#labels[name].setSizeRequest(Math.round(size.width * 0.94), -1);
      textPage.packStart(this.#labels[name], false, false, 0);
    }

    const remote = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
    const self = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
    this.#selfSize = { width: Math.round(size.width / 4), height: Math.round(size.width / 4 / (16 / 9)) };
    self.setSizeRequest(this.#selfSize.width, this.#selfSize.height);
    self.getStyleContext().addClass('self-view');
    this.#slots = { remote, self };
    const callPage = new Gtk.Overlay();
    callPage.add(remote);
    const corner = (widget: GtkWidget, h: number, v: number) => {
      widget.setHalign(h);
      widget.setValign(v);
      callPage.addOverlay(widget);
    };
    const top = new Gtk.Box({ orientation: Gtk.Orientation.HORIZONTAL, spacing: 16 });
    top.getStyleContext().addClass('call-bar');
    top.packStart(this.#labels.elapsed, false, false, 0);
    top.packStart(this.#labels.callName, false, false, 0);
    corner(top, Gtk.Align.START, Gtk.Align.START);
    corner(self, Gtk.Align.END, Gtk.Align.END);
    this.#hangUp = new Gtk.Button({ label: 'Læg på' });
    this.#hangUp.getStyleContext().addClass('hang-up');
    this.#hangUp.connect('clicked', () => this.#touched());
    corner(this.#hangUp, Gtk.Align.CENTER, Gtk.Align.END);

    this.#stack = new Gtk.Stack();
    this.#stack.addNamed(new Gtk.EventBox(), 'dark');
    this.#stack.addNamed(textPage, 'text');
    this.#stack.addNamed(callPage, 'call');

    this.#window = new Gtk.Window({ type: Gtk.WindowType.TOPLEVEL, title: 'ScreenVisit' });
    this.#window.setDefaultSize(size.width, size.height);
    this.#window.addEvents(Gdk.EventMask.BUTTON_PRESS_MASK | Gdk.EventMask.TOUCH_MASK);
    // Touch anywhere on a text page does what the big button does; on the call page only "Læg på" does, so a
    // hand resting on the video cannot end a visit by accident.
    this.#window.connect('button-press-event', () => {
      if (this.#view?.page !== 'call') this.#touched();
      return false;
    });
    this.#window.add(this.#stack);
    this.#window.showAll();
    if (!options.size) this.#window.fullscreen();
    this.#stack.setVisibleChildName('dark');

    this.video = {
      attachWidget: (slot, widget) => this.#attach(slot, widget as GtkWidget),
      showFrame: (slot, frame) => this.#showFrame(slot, frame),
      clear: () => this.#clearVideo(),
    };
    // The clock and the elapsed time move by themselves; once a second is enough for both.
    this.#ticker = setInterval(() => {
      if (this.#model && (this.#view?.page === 'call' || this.#model.mode === 'idle'))
        this.render(this.#model);
    }, 1000);
    this.#schedulePump();
    this.#log.info(size, 'kiosk screen open');
  }

  render(model: KioskScreenModel): void {
    if (this.#closed) return;
    this.#model = model;
    const view = screenView(model, {
      now: this.#clock.now(),
      ...(this.#timeZone ? { timeZone: this.#timeZone } : {}),
    });
    const changed = JSON.stringify(view) !== JSON.stringify(this.#view);
    this.#view = view;
    if (!changed) return;
    const l = this.#labels;
    const set = (label: GtkLabel, text: string | null) => {
      label.setText(text ?? '');
      if (text) label.show();
      else label.hide();
    };
    set(l.status, view.status);
    set(l.title, view.page === 'text' ? view.title : null);
    set(l.subtitle, view.subtitle);
    set(l.detail, view.detail);
    set(l.hint, view.hint);
    set(l.elapsed, view.elapsed);
    set(l.callName, view.page === 'call' ? view.title : null);
    const tone = view.page === 'dark' ? 'dark' : view.tone;
    const style = this.#window.getStyleContext();
    style.removeClass(this.#tone);
    style.addClass(tone);
    this.#tone = tone;
    this.#stack.setVisibleChildName(view.page);
    if (view.page !== 'call' && (this.#shown.remote > 0 || this.#images.remote)) this.#clearVideo();
    this.#burstUntil = performance.now() + BURST_MS;
    this.#schedulePump();
  }

  visibleTexts(): string[] {
    return this.#drawnLabels().map((label) => label.getText());
  }

  boxOf(text: string): Rect | null {
    const found = this.#drawnLabels().find((label) => label.getText() === text);
    if (!found) return null;
    const [ok, x, y] = found.translateCoordinates(this.#window, 0, 0);
    const { width, height } = found.getAllocation();
    return ok ? { x, y, width, height } : null;
  }

  /** Labels GTK actually draws now (mapped, visible, on the visible page), in tree order. */
  #drawnLabels(): GtkLabel[] {
    const out: GtkLabel[] = [];
    const walk = (widget: GtkWidget) => {
      if (!widget.isDrawable()) return;
      const label = widget as Partial<GtkLabel>;
      if (typeof label.getText === 'function' && label.getText()) out.push(widget as GtkLabel);
      for (const child of widget.getChildren?.() ?? []) walk(child);
    };
    walk(this.#window);
    return out;
  }

  onTouch(listener: () => void): () => void {
    this.#touch.add(listener);
    return () => this.#touch.delete(listener);
  }

  nextPaint(): Promise<number> {
    const clock = this.#window.getFrameClock();
    if (!clock) return Promise.resolve(performance.now());
    return new Promise((resolve) => {
      const id = clock.connect('after-paint', () => {
        clock.disconnect(id);
        resolve(performance.now());
      });
    });
  }

  framesShown(slot: VideoSlot): number {
    return this.#shown[slot];
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#ticker);
    if (this.#pump) clearInterval(this.#pump);
    this.#clearVideo();
    this.#window.destroy();
    for (let i = 0; i < 50 && this.#api.GLib.MainContext.default().iteration(false); i++);
  }

  #touched() {
    for (const listener of this.#touch) listener();
  }

  #attach(slot: VideoSlot, widget: GtkWidget) {
    const box = this.#slots[slot];
    for (const child of box.getChildren()) box.remove(child);
    box.packStart(widget, true, true, 0);
    box.showAll();
    this.#log.debug({ slot }, 'video widget attached');
  }

  #showFrame(slot: VideoSlot, frame: I420Frame) {
    const now = performance.now();
    if (this.#closed || now - this.#lastShown[slot] < 1000 / (slot === 'remote' ? REMOTE_FPS : SELF_FPS))
      return;
    this.#lastShown[slot] = now;
    const { GdkPixbuf, GLib, Gtk } = this.#api;
    let image = this.#images[slot];
    if (!image) {
      image = new Gtk.Image();
      this.#attach(slot, image);
      this.#images[slot] = image;
    }
    // The self-view has a fixed size; scaling it to its own allocation would let it grow frame by frame.
    const box = slot === 'self' ? this.#selfSize : this.#slots[slot].getAllocation();
    const { width, height, rgb } = i420ToRgb(frame, slot === 'self' ? 2 : 1);
    const pixbuf = GdkPixbuf.Pixbuf.newFromBytes(
      GLib.Bytes.new(rgb),
      GdkPixbuf.Colorspace.RGB,
      false,
      8,
      width,
      height,
      width * 3,
    );
    // Fill the slot, keeping the picture's shape (letterboxed by the black window behind it).
    const scale = Math.min(box.width / width, box.height / height);
    const scaled =
      scale > 0
        ? pixbuf.scaleSimple(
            Math.max(1, Math.round(width * scale)),
            Math.max(1, Math.round(height * scale)),
            GdkPixbuf.InterpType.BILINEAR,
          )
        : pixbuf;
    image.setFromPixbuf(scaled);
    this.#shown[slot]++;
  }

  #clearVideo() {
    for (const slot of ['remote', 'self'] as const) {
      const box = this.#slots[slot];
      for (const child of box.getChildren()) box.remove(child);
      delete this.#images[slot];
      this.#shown[slot] = 0;
    }
  }

  #schedulePump() {
    if (this.#closed) return;
    const busy = this.#view?.page === 'call' || performance.now() < this.#burstUntil;
    const ms = busy ? BUSY_PUMP_MS : IDLE_PUMP_MS;
    if (this.#pump && ms === this.#pumpMs) return;
    if (this.#pump) clearInterval(this.#pump);
    this.#pumpMs = ms;
    this.#pump = setInterval(() => this.#tick(), ms);
  }

  #tick() {
    const context = this.#api.GLib.MainContext.default();
    // Bounded: a busy GLib context can never starve Node's loop (MQTT, timers).
    for (let i = 0; i < 50 && context.iteration(false); i++);
    this.#schedulePump();
  }
}
