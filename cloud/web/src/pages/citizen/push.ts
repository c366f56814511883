import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';

/**
 * Web Push on the citizen's own device (W3C Push API + Notifications API). What the state means to the person:
 * - unsupported: this browser cannot be woken (iPhone/iPad: only after "Føj til hjemmeskærm", iOS 16.4+);
 * - off: it could be, the citizen has not said yes yet (ONE tap: the browser's own question follows);
 * - on: calls ring even with the page closed; denied: the browser was told no (only its settings undo that).
 */
export type PushState = 'unsupported' | 'off' | 'on' | 'denied' | 'failed';

export const SW_URL = '/citizen/sw.js';
const Key = z.object({ publicKey: z.string() });

/** The service worker also serves the offline shell, so every citizen page registers it. */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.register(SW_URL, { scope: '/citizen/' }).catch(() => null);
}

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

export async function currentPushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const reg = await navigator.serviceWorker.getRegistration('/citizen/');
  const sub = await reg?.pushManager.getSubscription();
  return sub && Notification.permission === 'granted' ? 'on' : 'off';
}

/** applicationServerKey wants the raw bytes of the VAPID public key (base64url in our API). */
export function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(s.length / 4) * 4, '=');
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Sends a subscription to the cloud, stored under this browser's credential. */
export function saveSubscription(csrfToken: string, subscription: PushSubscriptionJSON): Promise<void> {
  return apiFetch('/api/citizen/push/subscription', {
    method: 'PUT',
    body: subscription,
    headers: { 'x-csrf-token': csrfToken },
    parse: () => undefined,
  });
}

/**
 * How long the browser's own push service may take to hand out a subscription. Some never answer (a phone
 * without Google's services, a Chromium without a push service, a network that blocks it): the button then
 * stayed grey for ever with no word, and the citizen pressed it again and again. The browser's permission
 * question is not timed: the citizen may take as long as they like to answer it.
 */
export const SUBSCRIBE_TIMEOUT_MS = 15_000;

/** `work()`, or a rejection once `ms` have passed without it settling. */
export async function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The one tap: asks the browser for notifications (its own dialogue), subscribes with our VAPID key and tells
 * the cloud. Must run from the tap itself (browsers ignore permission requests without a user gesture).
 */
export async function turnOnPush(csrfToken: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'off';
  try {
    await within(SUBSCRIBE_TIMEOUT_MS, async () => {
      const reg = (await registerServiceWorker()) ?? (await navigator.serviceWorker.ready);
      await navigator.serviceWorker.ready;
      const { publicKey } = await apiFetch('/api/citizen/push/key', { parse: (j) => Key.parse(j) });
      const sub =
        (await reg.pushManager.getSubscription()) ??
        (await reg.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: base64UrlToBytes(publicKey),
        }));
      await saveSubscription(csrfToken, sub.toJSON());
    });
    return 'on';
  } catch (error) {
    console.warn('push subscription failed', error);
    return 'failed';
  }
}

/** `?ring=<callId>` from the notification: the page shows "the call is coming" until the ring arrives. */
export function ringFromAddress(location: Pick<Location, 'search'> = window.location): string | null {
  const id = new URLSearchParams(location.search).get('ring');
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}
