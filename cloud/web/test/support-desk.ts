import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seedCareDemo } from '../../src/care/index.js';
import { seedDemo } from '../../src/db/index.js';
import { DEMO_PASSWORD, demoStaff } from './demo-staff.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/** seedDemo's answer: the demo municipality and its staff. */
export type SeededDemo = NonNullable<Awaited<ReturnType<typeof seedDemo>>>;
/** A demo staff member with an authenticator enrolled (demoStaff). */
export type DemoStaff = Awaited<ReturnType<typeof demoStaff>>;
/** A page a login opened, with what it recorded (WebCloud.newPage). */
export type OpenedPage = Awaited<ReturnType<WebCloud['newPage']>>;

export interface SupportDesk {
  readonly web: WebCloud;
  readonly demo: SeededDemo;
  /** The one instant the demo (and care's demo) was seeded at, read from the cloud's clock. */
  readonly seededAt: Date;
  /**
   * The demo staff member `username`, enrolled once per desk: a second login of the same person then takes the
   * next authenticator step instead of replaying the first one's code (demoStaff).
   */
  staff(username: string): Promise<DemoStaff>;
  /** `username` (sofie.berg, support, unless told) logged in on /support/ in a new page that close() checks. */
  logIn(username?: string): Promise<OpenedPage>;
  /** Opens Skærme from the desk's menu and waits for the kiosk list. */
  openKiosks(page: Page): Promise<void>;
  /**
   * Fails the suite if a page logIn opened had a console error, a page error or a request off the cloud's origin
   * (WebCloud.newPage records them); closes those pages and the cloud either way.
   */
  close(): Promise<void>;
}

/**
 * What the support suites set up alike: a cloud serving the browser clients (startWebCloud, `cloud` its options)
 * with the demo municipality seeded (and care's demo with `careDemo`), support logging in on /support/ and the
 * Skærme view, and at the end the check that support's pages logged no problem. A suite seeds its own rows
 * between this and its first logIn. If the start fails half way, the cloud is closed here.
 */
export async function supportDesk(
  options: { cloud?: Parameters<typeof startWebCloud>[0]; careDemo?: boolean } = {},
): Promise<SupportDesk> {
  const web = await startWebCloud(options.cloud);
  try {
    const db = web.t.cloud.db.db;
    const seededAt = new Date(web.t.clock.now());
    const demo = await seedDemo(db, { now: seededAt, password: DEMO_PASSWORD });
    if (!demo) throw new Error('the demo data was already there');
    if (options.careDemo) await seedCareDemo(db, demo.municipalityId, seededAt);
    const enrolled = new Map<string, Promise<DemoStaff>>();
    const staff = (username: string) => {
      let member = enrolled.get(username);
      if (!member) {
        member = demoStaff(web, demo, username);
        enrolled.set(username, member);
      }
      return member;
    };
    const opened: OpenedPage[] = [];
    return {
      web,
      demo,
      seededAt,
      staff,
      async logIn(username = 'sofie.berg') {
        const page = await (await staff(username)).logIn('/support/');
        opened.push(page);
        return page;
      },
      async openKiosks(page) {
        // exact: on the kiosk list, "Skift indstillinger for mange skærme" holds the word too.
        await page.getByRole('button', { name: 'Skærme', exact: true }).click();
        await page.getByTestId('device-table').waitFor();
      },
      async close() {
        try {
          for (const o of opened) expect(o.problems).toEqual([]);
        } finally {
          for (const o of opened) await o.context.close();
          await web.close();
        }
      },
    };
  } catch (error) {
    await web.close();
    throw error;
  }
}
