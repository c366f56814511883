import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { logInOnPage, nightWorld } from './nightwatch-steps.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * "Tilsyn med nattevagten" (/watch/) for the people it admits, in Chromium against a real cloud: a unit manager
 * who leads no night watch, and support, who sees every pool. Found by the nightwalk walk: the manager saw
 * "Du leder ingen nattevagt" beside the installation's kiosk counts ("Systemets tilstand"), as if they were hers,
 * and no way to log out of the page.
 */
describe.skipIf(!hasChromium())('watching the night watch', () => {
  let web: WebCloud;
  let w: Awaited<ReturnType<typeof nightWorld>>;
  const problems: string[][] = [];
  beforeAll(async () => {
    web = await startWebCloud();
    w = await nightWorld(web);
  });
  afterAll(async () => {
    for (const p of problems) expect(p).toEqual([]);
    await web?.close();
  });
  const page = async () => {
    const p = await web.newPage();
    problems.push(p.problems);
    return p.page;
  };

  it('tells a manager who leads no night watch just that, with the way to her own page and out, and no kiosk counts', async () => {
    const mette = await w.night('Mette Leder', 'unit_manager', 'facility');
    const m = await page();
    await logInOnPage(m, `${web.origin}/watch/`, mette);
    await m
      .getByTestId('watch-no-pools')
      .getByText('Du leder ingen nattevagt, så der er intet at se her.', { exact: false })
      .waitFor();
    await m.getByTestId('watch-person').getByText('Logget ind som Mette Leder').waitFor();
    expect(await m.getByRole('link', { name: 'Gå til Overblik over skærmbesøg' }).getAttribute('href')).toBe(
      '/dashboard/',
    );
    // The installation's kiosk counts say nothing about a night watch, least of all to someone who leads none.
    expect(await m.getByRole('heading', { name: /Systemets tilstand/ }).count()).toBe(0);
    expect(await m.getByTestId('devices-total').count()).toBe(0);
    await shoot(m, 'watch-manager-no-pool');
    await expectAccessible(m, 'watch, manager without a night watch');

    // The start page does not send her here again: it offers the pages she has, by the cloud's rule.
    await m.goto(`${web.origin}/`);
    await m.getByText('Du er logget ind som Mette Leder.', { exact: false }).waitFor();
    await m.getByRole('link', { name: /Overblik over skærmbesøg/ }).waitFor();
    expect(await m.getByRole('link', { name: /Tilsyn med nattevagten/ }).count()).toBe(0);
    expect(await m.getByRole('link', { name: /^Nattevagt/ }).count()).toBe(0);
    await expectAccessible(m, 'start page, manager without a night watch');
    await m.goto(`${web.origin}/watch/`);

    await m.getByRole('button', { name: 'Log ud', exact: true }).click();
    await m.getByLabel('Brugernavn', { exact: true }).waitFor();
    expect(await m.content()).not.toContain('Mette Leder');
  });

  it("shows support the municipality's night watch, who is logged in, and no kiosk counts", async () => {
    const sofie = await w.night('Sofie Support', 'support');
    const s = await page();
    await logInOnPage(s, `${web.origin}/watch/`, sofie);
    await s.getByRole('heading', { name: 'På vagt nu' }).waitFor();
    await s.getByTestId('watch-person').getByText('Logget ind som Sofie Support').waitFor();
    expect(await s.getByLabel('Nattevagt', { exact: true }).inputValue()).toBe(w.pool.id);
    expect(await s.getByRole('heading', { name: /Systemets tilstand/ }).count()).toBe(0);
    await shoot(s, 'watch-support');
    // From the start page, where the tile is offered to her.
    await s.goto(`${web.origin}/`);
    await s.getByRole('link', { name: /Tilsyn med nattevagten/ }).click();
    await s.getByRole('heading', { name: 'På vagt nu' }).waitFor();
  });
});
