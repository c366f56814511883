import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { byodNightWorld } from './byod-night-world.js';
import { activateCitizen } from './calls-world.js';
import { logInOnPage } from './nightwatch-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * Issue 10 §3: the ring's system notification and its "Besvar" action, as far as headless Chromium allows.
 * Tested: the console's service worker (public/nightwatch/sw.js) is active as soon as the console is open, before
 * any ring (so the first ring's notification is as quick as later ones); it shows the notification with the place,
 * not the resident, and an "answer" action titled "Besvar"; its `notificationclick` handler, given that action,
 * tells the open console, which answers the ringing call; the notification is closed.
 * Also tested: another reader of the notification list (a second console tab) while the ring's notification is
 * being shown. Chromium then drops the notification from the worker's list (and would ignore a click on it)
 * unless the console shows it again (ring-notification.ts INVARIANTS). This test's own polling below raced the show
 * that way, which made it fail about one run in five.
 * NOT tested (headless Chromium has no notification centre to click, and CDP has no command to click one): a
 * TRUSTED click. The click here is a NotificationEvent dispatched inside the worker, so it is untrusted: its
 * `waitUntil` throws InvalidStateError (after the handler's promise has started), and `focus()` / `openWindow()`
 * are refused for want of the user activation a real click grants. So bringing the window forward, and opening
 * the console when none is open, are not covered.
 */
describe.skipIf(!hasChromium())('the ring notification and its "Besvar" action', () => {
  let web: WebCloud;
  let w: Awaited<ReturnType<typeof byodNightWorld>>;
  const problems: string[][] = [];
  beforeAll(async () => {
    web = await startWebCloud();
    w = await byodNightWorld(web);
  });
  afterAll(async () => {
    for (const p of problems) expect(p).toEqual([]);
    await web?.close();
  });

  it('shows the place with a "Besvar" action, and the action answers the call on the open console', async () => {
    const ida = await w.night('Ida Nattevagt');
    const { page: a, context, problems: consoleProblems } = await web.newPage();
    problems.push(consoleProblems);
    await context.grantPermissions(['notifications'], { origin: web.origin });
    await logInOnPage(a, `${web.origin}/nightwatch/`, ida);
    // The worker is active before any ring (registered when the console opens: ring-alert.ts consoleWorker), so
    // the first ring's notification does not wait for it to register, install and activate.
    const workerState = () =>
      a.evaluate(async () => (await navigator.serviceWorker.getRegistration('/nightwatch/'))?.active?.state);
    await expect.poll(workerState, { timeout: 10_000 }).toBe('activated');
    await a.getByRole('button', { name: 'Du er ikke på vagt — Gå på vagt' }).click();
    await a.getByRole('button', { name: 'Du er på vagt — Gå af vagt' }).waitFor();

    // The other reader: from the console page, as a second tab of it would, until the ring is listed.
    const reader = a.evaluate(async () => {
      const until = Date.now() + 20_000;
      let reg: ServiceWorkerRegistration | undefined;
      while (!reg && Date.now() < until) {
        reg = await navigator.serviceWorker.getRegistration('/nightwatch/');
        if (!reg) await new Promise((r) => setTimeout(r, 5));
      }
      while (reg && Date.now() < until) if ((await reg.getNotifications()).length > 0) return;
    });

    const { page: citizen, problems: citizenProblems } = await web.newPage();
    problems.push(citizenProblems);
    await activateCitizen(citizen, web, w.code);
    await citizen.getByRole('button', { name: 'Ring til nattevagten' }).click();
    await a.getByRole('button', { name: 'Tag opkaldet fra Aase Beboer' }).waitFor();

    const worker =
      context.serviceWorkers().find((s) => s.url().endsWith('/nightwatch/sw.js')) ??
      (await context.waitForEvent('serviceworker', (s) => s.url().endsWith('/nightwatch/sw.js')));
    const shown = async () =>
      worker.evaluate(async () => {
        const list = await (
          self as unknown as { registration: ServiceWorkerRegistration }
        ).registration.getNotifications();
        return list.map((n) => ({
          title: n.title,
          body: n.body,
          actions: (n as unknown as { actions: { action: string; title: string }[] }).actions.map((x) => ({
            action: x.action,
            title: x.title,
          })),
        }));
      });
    await expect.poll(async () => (await shown()).length, { timeout: 10_000 }).toBe(1);
    const [note] = await shown();
    expect(note).toEqual({
      title: '☎ Opkald til nattevagten',
      body: 'En beboer på Plejehjem Solgården ringer. Tryk for at besvare.',
      actions: [{ action: 'answer', title: 'Besvar' }],
    });
    expect(JSON.stringify(note)).not.toContain('Aase');
    await reader;

    // The person presses "Besvar" on the notification (dispatched in the worker: see above for what that skips).
    await worker.evaluate(async () => {
      // The worker's globals, typed here (the test is compiled with the DOM library, not the WebWorker one).
      type Click = new (type: string, init: { notification: Notification; action: string }) => Event;
      const scope = self as unknown as EventTarget & {
        registration: ServiceWorkerRegistration;
        NotificationEvent: Click;
      };
      const [n] = await scope.registration.getNotifications();
      try {
        scope.dispatchEvent(
          new scope.NotificationEvent('notificationclick', { notification: n!, action: 'answer' }),
        );
      } catch {
        // waitUntil on an untrusted event throws after the handler's work has started (see above).
      }
    });
    await a.getByTestId('in-call').getByText('Du taler med Aase Beboer').waitFor();
    await citizen.getByTestId('call-screen').waitFor();
    await expect.poll(async () => (await shown()).length).toBe(0);
    await citizen.getByRole('button', { name: 'Læg på' }).click();
    await context.close();
  });
});
