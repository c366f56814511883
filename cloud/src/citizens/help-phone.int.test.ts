import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../test/fixtures.js';
import { newCitizen, smsCode, supportDesk, TestBrowser } from '../../test/kits/citizens.js';
import { supportApi } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';

/**
 * The municipality's help number for citizens (settings `citizenHelpPhone`): the system administrator sets it, it
 * travels with every activation code (the SMS and Digital Post texts; the letter in delivery/letter.test.ts) and
 * stands under "Brug for hjælp?" on the citizen's page, before login only where the installation serves one
 * municipality.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const anonymousHelp = async () => {
  const res = await fetch(`${t.base}/api/citizen/help`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { phone: string | null }).phone;
};

describe("the citizens' help number", () => {
  it("is set by the system administrator, sent with the code and shown on the citizen's page", async () => {
    const desk = await supportDesk(t);
    const admin = await supportApi(t, {
      id: (await createStaff(t, desk.municipality.id, 'system_admin')).id,
      municipalityId: desk.municipality.id,
    });
    expect(await anonymousHelp()).toBeNull();

    const bad = await admin('PUT', '/api/settings', { citizenHelpPhone: 'ring til Else' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.path ?? JSON.stringify(bad.body)).toContain('citizenHelpPhone');
    const saved = await admin('PUT', '/api/settings', { citizenHelpPhone: ' 33 66 33 66 ' });
    expect(saved.status).toBe(200);
    expect(saved.body.citizenHelpPhone).toBe('33 66 33 66');

    // One municipality on this installation: the page has the number before anyone logs in.
    expect(await anonymousHelp()).toBe('33 66 33 66');

    const citizenId = await newCitizen(desk);
    const sms = await desk.call('POST', `/api/citizens/${citizenId}/activation-codes`, {
      channel: 'sms',
      phone: '+4512345678',
    });
    expect(sms.status).toBe(201);
    const newest = async () => {
      const outbox = await desk.call('GET', `/api/activation-outbox?citizenId=${citizenId}`);
      return ((await outbox.json()) as { body: string }[])[0]!.body;
    };
    expect(await newest()).toContain('Hjælp: ring 33 66 33 66');
    const post = await smsCode(desk, citizenId, 'digital_post');
    expect(await newest()).toContain('ring til kommunens support på 33 66 33 66.');

    // Blank is none again.
    expect((await admin('PUT', '/api/settings', { citizenHelpPhone: '' })).body.citizenHelpPhone).toBeNull();
    expect(await anonymousHelp()).toBeNull();
    expect((await admin('PUT', '/api/settings', { citizenHelpPhone: '33 66 33 66' })).status).toBe(200);

    // A second municipality on the same installation: before login nobody can tell whose desk to name, so none;
    // a logged-in citizen gets her own municipality's.
    const other = await supportDesk(t, { citizenHelpPhone: '70 10 20 30' });
    expect(await anonymousHelp()).toBeNull();
    const browser = new TestBrowser(t);
    expect((await browser.login('/api/citizen/activate', { code: post.code })).status).toBe(200);
    const own = await browser.fetch('GET', '/api/citizen/help');
    expect(await own.json()).toEqual({ phone: '33 66 33 66' });
    const elsewhere = new TestBrowser(t);
    const theirs = await smsCode(other, await newCitizen(other, 'Poul Hansen'));
    expect((await elsewhere.login('/api/citizen/activate', { code: theirs.code })).status).toBe(200);
    expect(await (await elsewhere.fetch('GET', '/api/citizen/help')).json()).toEqual({
      phone: '70 10 20 30',
    });
  });
});
