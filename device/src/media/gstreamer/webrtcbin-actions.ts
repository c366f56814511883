import { MediaError } from '../errors.js';
import type { GstApi, GstElement, GstPromise, GstStructure } from './gi.js';

/**
 * webrtcbin's action signals that answer through a GstPromise (create-offer, set-*-description, get-stats).
 * The reply is taken in the promise's change callback, which node-gtk runs on Node's thread while webrtcbin's
 * thread waits for it; everything else continues on a later turn. `promise.wait()` is never called: on Node's
 * thread it deadlocks against any callback webrtcbin is waiting to deliver (shared/notes/dependencies.md).
 */
export class WebrtcbinActions {
  readonly #inFlight = new Set<GstPromise>();
  constructor(
    private readonly api: GstApi,
    private readonly timeoutMs: number,
  ) {}

  run(webrtc: GstElement, signal: string, ...args: unknown[]): Promise<GstStructure | null> {
    const ms = this.timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#inFlight.delete(promise);
        reject(MediaError.timeout(`webrtcbin ${signal}`, ms));
      }, ms);
      const promise = this.api.Gst.Promise.newWithChangeFunc((done) => {
        const reply = done.getReply();
        setTimeout(() => {
          clearTimeout(timer);
          this.#inFlight.delete(promise);
          const text = reply?.toString() ?? '';
          if (/\berror=/.test(text)) reject(MediaError.negotiationFailed(`webrtcbin ${signal}: ${text}`));
          else resolve(reply);
        }, 0);
      });
      this.#inFlight.add(promise);
      webrtc.emit(signal, ...args, promise);
    });
  }

  /** Waits (bounded) until no reply is outstanding, so setting the pipeline to NULL cannot deadlock on one. */
  async settle(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.#inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }
}
