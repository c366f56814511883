import { ScreenError } from './screen-error.js';

/*
 * The slice of node-gtk's GTK 3 bindings the kiosk screen uses. node-gtk ships no TypeScript types, so these
 * describe exactly what is called (as gi.ts does for GStreamer).
 */
export interface GtkWidget {
  show(): void;
  hide(): void;
  showAll(): void;
  isDrawable(): boolean;
  getAllocation(): { x: number; y: number; width: number; height: number };
  translateCoordinates(dest: GtkWidget, x: number, y: number): [boolean, number, number];
  getStyleContext(): { addClass(name: string): void; removeClass(name: string): void };
  setHalign(align: number): void;
  setValign(align: number): void;
  setSizeRequest(width: number, height: number): void;
  connect(signal: string, handler: (...args: never[]) => unknown): number;
  disconnect(id: number): void;
  getParent(): GtkWidget | null;
  getChildren?(): GtkWidget[];
  getFrameClock(): {
    connect(signal: string, handler: () => void): number;
    disconnect(id: number): void;
  } | null;
  queueDraw(): void;
}
export interface GtkContainer extends GtkWidget {
  add(child: GtkWidget): void;
  remove(child: GtkWidget): void;
  getChildren(): GtkWidget[];
}
export interface GtkBox extends GtkContainer {
  packStart(child: GtkWidget, expand: boolean, fill: boolean, padding: number): void;
}
export interface GtkLabel extends GtkWidget {
  setText(text: string): void;
  getText(): string;
  setLineWrap(wrap: boolean): void;
  setJustify(justify: number): void;
}
export interface GtkImage extends GtkWidget {
  setFromPixbuf(pixbuf: unknown): void;
  clear(): void;
}

type Ctor<T> = new (props?: Record<string, unknown>) => T;
export interface GtkApi {
  Gtk: {
    initCheck(argv: null): [boolean, unknown];
    Window: Ctor<
      GtkContainer & {
        fullscreen(): void;
        setDefaultSize(w: number, h: number): void;
        destroy(): void;
        addEvents(mask: number): void;
      }
    >;
    Box: Ctor<GtkBox>;
    Stack: Ctor<
      GtkContainer & {
        addNamed(child: GtkWidget, name: string): void;
        setVisibleChildName(name: string): void;
      }
    >;
    Overlay: Ctor<GtkContainer & { addOverlay(child: GtkWidget): void }>;
    EventBox: Ctor<GtkContainer>;
    Label: Ctor<GtkLabel>;
    Button: Ctor<GtkContainer & { setLabel(text: string): void; getLabel(): string }>;
    Image: Ctor<GtkImage>;
    CssProvider: Ctor<{ loadFromData(css: string, length: number): boolean }>;
    StyleContext: { addProviderForScreen(screen: unknown, provider: unknown, priority: number): void };
    Orientation: { VERTICAL: number; HORIZONTAL: number };
    Align: { START: number; END: number; CENTER: number; FILL: number };
    Justification: { CENTER: number };
    WindowType: { TOPLEVEL: number };
  };
  Gdk: {
    Screen: { getDefault(): unknown };
    EventMask: { BUTTON_PRESS_MASK: number; TOUCH_MASK: number };
  };
  GdkPixbuf: {
    Pixbuf: {
      newFromBytes(
        bytes: unknown,
        colorspace: number,
        alpha: boolean,
        bits: number,
        w: number,
        h: number,
        stride: number,
      ): {
        scaleSimple(w: number, h: number, interp: number): unknown;
      };
    };
    Colorspace: { RGB: number };
    InterpType: { BILINEAR: number; NEAREST: number };
  };
  GLib: {
    MainContext: { default(): { iteration(mayBlock: boolean): boolean } };
    Bytes: { new: (data: Uint8Array) => unknown };
  };
}

/**
 * Loads GTK 3 through node-gtk and opens the display. A kiosk without a display (no DISPLAY / WAYLAND_DISPLAY,
 * cage not running, HDMI unplugged before boot) gets ScreenError 'no_display' instead of GTK's abort().
 */
export async function loadGtkApi(env: Record<string, string | undefined> = process.env): Promise<GtkApi> {
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY)
    throw ScreenError.noDisplay('neither DISPLAY nor WAYLAND_DISPLAY is set (is the cage session running?)');
  const specifier = 'node-gtk';
  let gi: { require(ns: string, version: string): unknown };
  try {
    const module = (await import(specifier)) as { default?: typeof gi } & typeof gi;
    gi = module.default ?? module;
  } catch (cause) {
    throw ScreenError.unavailable('node-gtk is not installed or does not load', cause);
  }
  let api: GtkApi;
  try {
    api = {
      Gtk: gi.require('Gtk', '3.0'),
      Gdk: gi.require('Gdk', '3.0'),
      GdkPixbuf: gi.require('GdkPixbuf', '2.0'),
      GLib: gi.require('GLib', '2.0'),
    } as GtkApi;
  } catch (cause) {
    throw ScreenError.unavailable('the GTK 3 typelibs do not load (apt install gir1.2-gtk-3.0)', cause);
  }
  // GTK 3's X11 backend probes GLX when it opens the display, to choose visuals for GL widgets; that loads the
  // Mesa driver (llvmpipe's libLLVM on this machine, ~50 MB RSS for the life of the kiosk). The screen has no GL
  // widget (the video is gtksink, drawn with cairo), so GL stays off unless an operator sets GDK_GL otherwise.
  // GDK reads it from the C environment at init; Node's process.env writes through to it.
  process.env.GDK_GL ??= 'disable';
  const [opened] = api.Gtk.initCheck(null);
  if (!opened)
    throw ScreenError.noDisplay(`GTK cannot open the display ${env.WAYLAND_DISPLAY ?? env.DISPLAY ?? ''}`);
  return api;
}
