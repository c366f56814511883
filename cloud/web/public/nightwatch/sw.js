/*
 * The night-watch console's service worker (scope /nightwatch/), for one job: the ring's system notification
 * with a "Besvar" action (issue 10 §3). Notification actions exist only on notifications shown by a service
 * worker (ServiceWorkerRegistration.showNotification; a page's `new Notification` cannot have them).
 * Pressing the notification or "Besvar" brings the console forward; "Besvar" also tells the page to answer the
 * first ringing call (the page decides: a locked console shows its unlock field instead).
 * The notification names the PLACE only, never the resident (docs/security.md "Idle lock on duty").
 * Plain JavaScript on purpose: no build step between this file and the browser.
 */
const CONSOLE_URL = '/nightwatch/';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const answer = event.action === 'answer';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname.startsWith(CONSOLE_URL));
      if (!open) return self.clients.openWindow(CONSOLE_URL);
      if (answer) open.postMessage({ type: 'sv.nightwatch.answer' });
      return open.focus();
    }),
  );
});
