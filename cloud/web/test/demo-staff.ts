import { enrolTotp } from '../../test/kits/care.js';
import { logInOnPage } from './nightwatch-steps.js';
import type { WebCloud } from './web-cloud.js';

/** The demo staff's password in the browser suites (seedDemo's `password`). */
export const DEMO_PASSWORD = 'Demo-Kodeord-Langt-2026';

/**
 * A demo staff member (seedDemo) with an authenticator enrolled now, and their login on the real screens: password
 * and the authenticator's code (logInOnPage), on a new page. One enrolment serves every later login.
 */
export async function demoStaff(
  web: WebCloud,
  demo: { readonly staff: readonly { readonly id: string; readonly username: string }[] },
  username: string,
) {
  const member = demo.staff.find((s) => s.username === username);
  if (!member) throw new Error(`the demo has no staff member ${username}`);
  const totp = await enrolTotp(web.t, member.id);
  // A second login in the same 30 s step would replay the code (refused, RFC 6238 §5.2): it takes the next
  // step's code, which the cloud accepts for clock drift, or waits for the step after.
  let lastStep = -1;
  const code = async (): Promise<string> => {
    for (;;) {
      const now = Math.floor(web.t.clock.now() / 30_000);
      const step = Math.max(now, lastStep + 1);
      if (step <= now + 1) {
        lastStep = step;
        return totp.code(step - now);
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  };
  return {
    id: member.id,
    /** Logs in on `path` (e.g. `/support/`) of a new page, 1280×900 unless told, in the browser zone `timezoneId`. */
    async logIn(
      path: string,
      size: { width: number; height: number; timezoneId?: string } = { width: 1280, height: 900 },
    ) {
      const opened = await web.newPage(size);
      await logInOnPage(opened.page, `${web.origin}${path}`, {
        username,
        code,
        password: DEMO_PASSWORD,
      });
      return opened;
    },
  };
}
