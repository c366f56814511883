import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type NotifyingWorker,
  RING_TAG,
  RingNotification,
  type RingNotificationDeps,
} from './ring-notification.js';

const RING = { title: '☎ Opkald til nattevagten', body: 'En beboer på Solgården ringer.', answer: 'Besvar' };
const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A service worker registration that behaves as Chromium's does where it matters here: a notification is known
 * by origin + tag (so closing a stale one closes whatever now has that tag), getNotifications answers from the
 * moment it was asked but after the shows ahead of it, and `dropShows` shows are dropped from the list as a
 * concurrent getNotifications() makes Chromium do (ring-notification.ts INVARIANTS).
 */
function chromiumLike(opts: { dropShows?: number; refuse?: boolean; listDelayMs?: number } = {}) {
  const listed = new Map<string, { title: string; options: NotificationOptions }>();
  let drop = opts.dropShows ?? 0;
  const shows: string[] = [];
  const worker: NotifyingWorker = {
    async showNotification(title, options) {
      shows.push(title);
      if (opts.refuse)
        throw new TypeError('No active registration available on the ServiceWorkerRegistration.');
      if (drop > 0) {
        drop--;
        listed.delete(options.tag ?? '');
        return;
      }
      listed.set(options.tag ?? '', { title, options });
    },
    async getNotifications({ tag }) {
      const now = listed.has(tag) ? [tag] : [];
      await later(opts.listDelayMs ?? 0);
      return now.map((t) => ({ close: () => listed.delete(t) }));
    },
  };
  return { worker, listed, shows };
}

function deps(worker: () => Promise<NotifyingWorker | null>) {
  const warnings: string[] = [];
  const pages: { title: string; closed: boolean }[] = [];
  const d: RingNotificationDeps = {
    worker,
    page(title) {
      const p = { title, closed: false };
      pages.push(p);
      return { close: () => (p.closed = true) };
    },
    warn: (message) => warnings.push(message),
  };
  return { d, warnings, pages };
}

describe('the ring notification', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the place with a "Besvar" action through the worker, tagged so the next ring replaces it', async () => {
    const w = chromiumLike();
    const { d, warnings, pages } = deps(async () => w.worker);
    await new RingNotification(d).show(RING);
    const shown = w.listed.get(RING_TAG);
    expect(shown?.title).toBe(RING.title);
    expect(shown?.options).toMatchObject({ body: RING.body, requireInteraction: true });
    expect((shown?.options as { actions?: unknown } | undefined)?.actions).toEqual([
      { action: 'answer', title: 'Besvar' },
    ]);
    expect(pages).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('shows it again when Chromium dropped it from the list while showing it', async () => {
    const w = chromiumLike({ dropShows: 1 });
    const { d, warnings } = deps(async () => w.worker);
    await new RingNotification(d).show(RING);
    expect(w.listed.has(RING_TAG)).toBe(true);
    expect(w.shows).toHaveLength(2);
    expect(warnings).toEqual([]);
  });

  it('says so when the notification never shows up in the list, without showing the ring twice', async () => {
    const w = chromiumLike({ dropShows: 99 });
    const { d, warnings, pages } = deps(async () => w.worker);
    await new RingNotification(d).show(RING);
    expect(w.shows).toHaveLength(3);
    expect(pages).toEqual([]);
    expect(warnings).toEqual(['ring notification not listed after 3 shows']);
  });

  it('does not let the previous ring’s close, still in flight, close the next ring’s notification', async () => {
    const w = chromiumLike({ listDelayMs: 20 });
    const { d } = deps(async () => w.worker);
    const n = new RingNotification(d);
    await n.show(RING);
    // Answered, and straight away the next resident rings (stop() then start() in the same task).
    void n.close();
    await n.show({ ...RING, body: 'En beboer på Bakkehuset ringer.' });
    await later(50);
    expect(w.listed.get(RING_TAG)?.options.body).toBe('En beboer på Bakkehuset ringer.');
  });

  it('closes a notification whose show was still waiting for the worker when the ring stopped', async () => {
    const w = chromiumLike();
    let ready: (x: NotifyingWorker) => void = () => undefined;
    const registered = new Promise<NotifyingWorker>((resolve) => {
      ready = resolve;
    });
    const { d } = deps(() => registered);
    const n = new RingNotification(d);
    const shown = n.show(RING);
    const closed = n.close();
    ready(w.worker);
    await Promise.all([shown, closed]);
    expect(w.listed.size).toBe(0);
  });

  it('falls back to a page notification, and says why, when the worker refuses', async () => {
    const w = chromiumLike({ refuse: true });
    const { d, warnings, pages } = deps(async () => w.worker);
    const n = new RingNotification(d);
    await n.show(RING);
    expect(pages).toEqual([{ title: RING.title, closed: false }]);
    expect(warnings).toEqual(['ring notification refused by the service worker, shown by the page instead']);
    await n.close();
    expect(pages[0]?.closed).toBe(true);
  });

  it('uses a page notification where there is no worker, and warns when that is refused too', async () => {
    const ok = deps(async () => null);
    await new RingNotification(ok.d).show(RING);
    expect(ok.pages).toHaveLength(1);
    expect(ok.warnings).toEqual([]);

    const refused = deps(async () => null);
    refused.d.page = () => {
      throw new TypeError('Illegal constructor. Use ServiceWorkerRegistration.showNotification() instead.');
    };
    await new RingNotification(refused.d).show(RING);
    expect(refused.warnings).toEqual(['ring notification refused']);
  });

  it('does not wait forever for a worker that never gets ready: the page shows it, and the next close runs', async () => {
    vi.useFakeTimers();
    const { d, warnings, pages } = deps(() => new Promise<NotifyingWorker>(() => undefined));
    const n = new RingNotification({ ...d, workerWaitMs: 10_000 });
    const shown = n.show(RING);
    const closed = n.close();
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all([shown, closed]);
    expect(pages).toEqual([{ title: RING.title, closed: true }]);
    expect(warnings).toEqual([
      'night-watch service worker unavailable',
      'night-watch service worker unavailable',
    ]);
  });

  it('warns, and still shows by the page, when finding the worker fails', async () => {
    const { d, warnings, pages } = deps(() => Promise.reject(new Error('SecurityError')));
    await new RingNotification(d).show(RING);
    expect(warnings).toEqual(['night-watch service worker unavailable']);
    expect(pages).toHaveLength(1);
  });
});
