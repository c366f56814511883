/**
 * The ring's system notification (issue 10 §3), kept apart from the sound so its ordering rules can be tested.
 * Shown through the console's service worker (public/nightwatch/sw.js) so it carries a "Besvar" action; a page
 * notification (no action) where there is no worker or the worker refuses.
 *
 * INVARIANTS
 * - One operation at a time, in call order (show, close, show …). The notification is identified by its tag
 *   (Chromium derives a tagged notification's id from origin + tag), so a close still in flight from the previous
 *   ring would otherwise close the NEXT ring's notification.
 * - A show is checked: the notification must be listed by getNotifications() afterwards. Chromium drops a
 *   notification from its list when a getNotifications() (another tab, our own close) runs while it is being
 *   shown: its database sync finds it not yet on screen and deletes it (content/browser/notifications/
 *   platform_notification_context_impl.cc, "obsolete_notifications"). Such a notification can no longer be
 *   closed by the console, and Chromium ignores a click on it, "Besvar" included. Shown again with the same
 *   tag it replaces itself and is listed.
 * - Nothing fails silently: every refusal is warned about, and a refused worker falls back to a page notification.
 * - Nothing waits forever: a worker that is not ready in time (its install failed, so `navigator.serviceWorker
 *   .ready` never settles) counts as none, or the queue, and every later ring's notification, would hang behind it.
 */
export interface RingText {
  readonly title: string;
  readonly body: string;
  /** The action's title ("Besvar"). */
  readonly answer: string;
}

/** What the ring uses of the console's ServiceWorkerRegistration. */
export interface NotifyingWorker {
  showNotification(title: string, options: NotificationOptions): Promise<void>;
  getNotifications(filter: { tag: string }): Promise<readonly { close(): void }[]>;
}

export interface RingNotificationDeps {
  /** The console's service worker (ring-alert.ts consoleWorker); null where there is none. */
  worker(): Promise<NotifyingWorker | null>;
  /** A page notification (`new Notification`); throws where the platform allows only worker notifications. */
  page(title: string, options: NotificationOptions): { close(): void };
  warn(message: string, error?: unknown): void;
  /** How long to wait for the worker before using a page notification; 10 s where not given. */
  readonly workerWaitMs?: number;
}

export const RING_TAG = 'sv-night-call';
/** Shows of one ring before giving up on the worker's list (a second one has always been enough in Chromium). */
const SHOW_ATTEMPTS = 3;
const WORKER_WAIT_MS = 10_000;

export class RingNotification {
  readonly #deps: RingNotificationDeps;
  /** The tail of the operation queue (see INVARIANTS). Never rejects. */
  #queue: Promise<void> = Promise.resolve();
  #page: { close(): void } | null = null;

  constructor(deps: RingNotificationDeps) {
    this.#deps = deps;
  }

  /** Resolves once this show (and everything queued before it) is done. */
  show(text: RingText): Promise<void> {
    return this.#enqueue(() => this.#show(text));
  }

  /** Closes the ring's notification, worker and page alike, after any show still in progress. */
  close(): Promise<void> {
    return this.#enqueue(() => this.#close());
  }

  #enqueue(op: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(op).catch((error: unknown) => this.#deps.warn('ring notification', error));
    return this.#queue;
  }

  async #show(text: RingText): Promise<void> {
    const options: NotificationOptions = { body: text.body, tag: RING_TAG, requireInteraction: true };
    const worker = await this.#worker();
    if (worker) {
      // `actions` is not in TypeScript's DOM NotificationOptions yet (WHATWG Notifications API §2.6).
      const withAction = {
        ...options,
        actions: [{ action: 'answer', title: text.answer }],
      } as NotificationOptions;
      let refused: unknown = null;
      for (let attempt = 1; attempt <= SHOW_ATTEMPTS; attempt++) {
        try {
          await worker.showNotification(text.title, withAction);
          if ((await worker.getNotifications({ tag: RING_TAG })).length > 0) return;
          refused = null;
        } catch (error) {
          refused = error;
        }
      }
      if (!refused) {
        // Shown, so probably on screen, but not listed: a page notification as well would show the ring twice.
        this.#deps.warn(`ring notification not listed after ${SHOW_ATTEMPTS} shows`);
        return;
      }
      this.#deps.warn('ring notification refused by the service worker, shown by the page instead', refused);
    }
    try {
      this.#page = this.#deps.page(text.title, options);
    } catch (error) {
      // Some platforms allow notifications only from a service worker: the banner and sound remain.
      this.#deps.warn('ring notification refused', error);
    }
  }

  async #close(): Promise<void> {
    this.#page?.close();
    this.#page = null;
    const worker = await this.#worker();
    if (!worker) return;
    for (const n of await worker.getNotifications({ tag: RING_TAG })) n.close();
  }

  async #worker(): Promise<NotifyingWorker | null> {
    const ms = this.#deps.workerWaitMs ?? WORKER_WAIT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not ready within ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([this.#deps.worker(), late]);
    } catch (error) {
      this.#deps.warn('night-watch service worker unavailable', error);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
