import { apiFetch } from '../../shared/api.js';

/** What logging out on this device touches: the cloud's route and the browser's own push subscription. */
export interface LogOutDeps {
  /** POST /api/citizen/logout: unbinds this browser (cloud/src/citizens/logout-action.ts). */
  readonly logOutOnCloud: () => Promise<void>;
  /** This browser's push subscription, if it has one (the service worker's PushManager). */
  readonly pushSubscription: () => Promise<Pick<PushSubscription, 'unsubscribe'> | null>;
}

/**
 * "Log ud" on a shared or borrowed phone, tablet or PC. The cloud first: it ends the session, closes her sockets
 * and deletes the push subscription it holds, so nothing rings here for her again even if the browser's own
 * step below fails. Then the browser drops its subscription at the push service, so the device is not woken at
 * all. A failing cloud call rejects (the page says so and she is still logged in); a failing unsubscribe does not.
 */
export async function logOutHere(deps: LogOutDeps): Promise<void> {
  await deps.logOutOnCloud();
  try {
    await (await deps.pushSubscription())?.unsubscribe();
  } catch (error) {
    console.warn('push unsubscribe after logout failed', error);
  }
}

export const browserLogOut = (csrfToken: string | undefined): LogOutDeps => ({
  logOutOnCloud: () =>
    apiFetch('/api/citizen/logout', {
      method: 'POST',
      ...(csrfToken ? { headers: { 'x-csrf-token': csrfToken } } : {}),
      parse: () => undefined,
    }),
  pushSubscription: async () => {
    if (!('serviceWorker' in navigator)) return null;
    const reg = await navigator.serviceWorker.getRegistration('/citizen/');
    return (await reg?.pushManager.getSubscription()) ?? null;
  },
});
