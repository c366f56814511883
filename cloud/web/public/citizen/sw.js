/*
 * The citizen's service worker (scope /citizen/). Two jobs:
 * 1. Ring a sleeping phone: a Web Push (RFC 8030) from the cloud (cloud/src/push/payload.ts `CallPush`)
 *    becomes a notification; tapping it (or its "Tag den" action) opens the citizen page straight into the
 *    ringing screen (/citizen/?ring=<callId>). The payload holds only the lock-screen title and the call id.
 * 2. An offline shell: the page and its assets are kept, so the app opens (and says it has no network)
 *    when the phone is offline, instead of the browser's error page.
 * Plain JavaScript on purpose: no build step between this file and the browser.
 */
const SHELL = 'screenvisit-citizen-v1';
const SHELL_URL = '/citizen/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.add(SHELL_URL))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** Network first (the cloud decides everything); the cached shell only when the network is gone. */
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/ws')
    return;
  const shellAsset =
    request.mode === 'navigate' || url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/');
  if (!shellAsset) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          const key = request.mode === 'navigate' ? SHELL_URL : request;
          caches.open(SHELL).then((cache) => cache.put(key, copy));
        }
        return response;
      })
      .catch(() =>
        caches
          .match(request.mode === 'navigate' ? SHELL_URL : request)
          .then((hit) => hit || new Response('', { status: 503, statusText: 'offline' })),
      ),
  );
});

/**
 * Shows a notification and checks that it is listed afterwards, showing it again (same tag: it replaces itself)
 * when it is not. Chromium deletes a notification from its list when a getNotifications() runs while it is being
 * shown (content/browser/notifications/platform_notification_context_impl.cc, "obsolete_notifications"); the
 * notification stays on screen but Chromium then ignores a tap on it, "Tag den" included. The night-watch
 * console does the same (src/pages/nightwatch/ring-notification.ts).
 */
function showChecked(title, options, attempts = 3) {
  return self.registration
    .showNotification(title, options)
    .then(() => self.registration.getNotifications({ tag: options.tag }))
    .then((listed) => {
      if (listed.length === 0 && attempts > 1) return showChecked(title, options, attempts - 1);
    });
}

function readCallPush(event) {
  try {
    const p = event.data ? event.data.json() : null;
    if (p && p.type === 'call' && typeof p.callId === 'string' && typeof p.title === 'string') return p;
  } catch {
    // not JSON: fall through to the generic line
  }
  return null;
}

/**
 * Whether a citizen page of this browser is on screen now. The cloud pushes every call to all her browsers, even
 * while one of her pages is connected (that says nothing of the phone in her pocket); a page on screen rings by
 * itself, so no notification is added there. Chrome lets a push show none while a page of the site is visible
 * (its userVisibleOnly rule); a page in a background tab or on a sleeping screen is not visible and gets one.
 */
function pageOnScreen() {
  return self.clients
    .matchAll({ type: 'window', includeUncontrolled: true })
    .then((windows) =>
      windows.some((w) => w.visibilityState === 'visible' && new URL(w.url).pathname.startsWith(SHELL_URL)),
    )
    .catch(() => false);
}

self.addEventListener('push', (event) => {
  event.waitUntil(pageOnScreen().then((onScreen) => (onScreen ? undefined : notify(event))));
});

function notify(event) {
  const call = readCallPush(event);
  // Chrome requires a visible notification for every push (userVisibleOnly); a late or unreadable push
  // still shows a calm line rather than the browser's generic "updated in the background".
  if (!call || (typeof call.ringsUntil === 'number' && call.ringsUntil < Date.now())) {
    return showChecked('Skærmbesøg', {
      body: 'Der var et opkald til dig.',
      tag: 'call',
      icon: '/icons/screenvisit-192.png',
      data: { url: SHELL_URL },
    });
  }
  return showChecked(call.title, {
    body: 'Tryk her for at tage den.',
    tag: 'call',
    renotify: true,
    requireInteraction: true,
    vibrate: [400, 200, 400, 200, 400],
    icon: '/icons/screenvisit-192.png',
    badge: '/icons/screenvisit.svg',
    data: { url: `${SHELL_URL}?ring=${encodeURIComponent(call.callId)}`, callId: call.callId },
    actions: [{ action: 'answer', title: 'Tag den' }],
  });
}

/** The tap (or "Tag den"): an open citizen page is focused and told; otherwise one opens on the ring. */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const url = typeof data.url === 'string' ? data.url : SHELL_URL;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname.startsWith(SHELL_URL));
      if (open) {
        open.postMessage({ type: 'ring', callId: data.callId });
        return open.focus();
      }
      return self.clients.openWindow(url);
    }),
  );
});
