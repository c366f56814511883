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
  return {
    id: member.id,
    /** Logs in on `path` (e.g. `/support/`) of a new page, 1280×900 unless told. */
    async logIn(path: string, size: { width: number; height: number } = { width: 1280, height: 900 }) {
      const opened = await web.newPage(size);
      await logInOnPage(opened.page, `${web.origin}${path}`, {
        username,
        code: totp.code,
        password: DEMO_PASSWORD,
      });
      return opened;
    },
  };
}
