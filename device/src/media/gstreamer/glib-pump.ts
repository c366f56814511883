import type { GstApi } from './gi.js';

/**
 * How GLib and Node share the one main thread.
 *
 * node-gtk 4 has no `gi.startLoop()`; its way is `new GLib.MainLoop().run()`, which nests libuv INSIDE a GLib
 * loop that never returns. That takes the process's main loop away from the agent (and from vitest's worker
 * IPC) for good, so it is not used. The engine does not need the GLib default context to run continuously:
 *  - webrtcbin and libnice run their own threads and GMainContexts;
 *  - signals and Gst.Promise callbacks emitted on those threads are marshalled by node-gtk onto Node's thread
 *    through a uv_async handle, so they arrive through Node's own event loop;
 *  - bus messages, ICE gathering and connection state are POLLED here instead of watched.
 * What is left on the default context (idle sources some elements add) is drained with the non-blocking
 * `iteration(false)` on a short Node interval that exists only while a call is open, so an idle kiosk
 * spends no CPU on it. Nothing in the pump ever blocks, so Node's timers, sockets and MQTT keep running.
 */
export class GlibPump {
  readonly #tasks = new Set<() => void>();
  readonly #api: GstApi;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | null = null;

  constructor(api: GstApi, intervalMs = 20) {
    this.#api = api;
    this.#intervalMs = intervalMs;
  }

  /** Runs `task` on every tick until the returned function is called. */
  add(task: () => void): () => void {
    this.#tasks.add(task);
    this.#timer ??= setInterval(() => this.#tick(), this.#intervalMs);
    return () => {
      this.#tasks.delete(task);
      if (this.#tasks.size === 0 && this.#timer !== null) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    };
  }

  #tick() {
    const context = this.#api.GLib.MainContext.default();
    // Bounded, so a busy default context can never starve Node's loop.
    for (let i = 0; i < 50 && context.iteration(false); i++);
    for (const task of this.#tasks) task();
  }
}
