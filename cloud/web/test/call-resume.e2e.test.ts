import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { callQualityReportsTable } from '../../src/db/index.js';
import {
  activateCitizen,
  type CallsCloud,
  expectRemoteVideo,
  logInStaff,
  seedCallWorld,
  startCallsCloud,
} from './calls-world.js';
import { shoot } from './shots.js';

/**
 * A page reload in the middle of a call resumes the SAME call with no click (issue 15 §4): the reloaded tab
 * says `hello` with the resume token it kept in sessionStorage, the cloud gives it the call back, and media
 * is negotiated again. Both directions: the callee (citizen) reloads, then the caller (staff) does.
 */
const callId = (page: Page) =>
  page.evaluate(() => {
    const raw = sessionStorage.getItem('sv.call.current');
    return raw ? (JSON.parse(raw) as { callId: string }).callId : null;
  });

/** The staff call screen's call time ("Samtaletid 01:05") in seconds; null while none is shown. */
const callSeconds = async (page: Page) => {
  const timer = page.getByRole('timer', { name: 'Samtaletid' });
  if ((await timer.count()) === 0) return null;
  const [minutes, seconds] = (await timer.innerText()).split(':').map(Number) as [number, number];
  return minutes * 60 + seconds;
};

describe.skipIf(!hasChromium())('a reload mid-call', () => {
  let cloud: CallsCloud;
  let staff: Page;
  let citizen: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    cloud = await startCallsCloud();
    const world = await seedCallWorld(cloud);
    const s = await cloud.newPage();
    const c = await cloud.newPage({ width: 390, height: 844 });
    contexts.push(s.context, c.context);
    staff = s.page;
    citizen = c.page;
    await logInStaff(staff, cloud, world.username);
    await activateCitizen(citizen, cloud, world.code);
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await cloud?.close();
  });

  it('the citizen reloads: the same call comes back with video both ways, nobody clicks', async () => {
    await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
    // While it rings there is no call time yet: it counts from the moment the call is connected.
    await staff.getByTestId('call-screen').waitFor();
    await citizen.getByRole('button', { name: 'Tag den' }).waitFor();
    expect(await callSeconds(staff)).toBeNull();
    await citizen.getByRole('button', { name: 'Tag den' }).click();
    await expectRemoteVideo(citizen, 'before reload');
    // The call time starts near 00:00 and moves on, and is not read out every second (no live region holds it).
    await staff.getByRole('timer', { name: 'Samtaletid' }).waitFor();
    expect(await callSeconds(staff)).toBeLessThanOrEqual(10);
    expect(await staff.getByRole('timer').innerText()).toMatch(/^\d\d:\d\d$/);
    const first = (await callSeconds(staff))!;
    await expect.poll(() => callSeconds(staff), { timeout: 5_000 }).toBeGreaterThan(first);
    expect(
      await staff
        .getByRole('timer')
        .evaluate((el) =>
          el.closest('[aria-live]:not([aria-live="off"]), [role=status], [role=alert], [role=log]'),
        ),
    ).toBeNull();
    const id = await callId(citizen);
    expect(id).not.toBeNull();

    await citizen.reload();
    await citizen.getByTestId('call-screen').waitFor();
    expect(await citizen.getByRole('heading', { name: 'I opkald med Mette Hjemmepleje' }).count()).toBe(1);
    await expectRemoteVideo(citizen, 'citizen after its reload');
    await expectRemoteVideo(staff, 'staff after the citizen reloaded');
    expect(await callId(citizen), 'the same call').toBe(id);
    expect(cloud.t.logs.some((l) => l.msg === 'call resumed')).toBe(true);
    expect(await staff.getByTestId('call-screen').count()).toBe(1);
  }, 90_000);

  it('the caller (staff) reloads too: the call comes back again, then hang-up ends it for both', async () => {
    const resumedBefore = cloud.t.logs.filter((l) => l.msg === 'call resumed').length;
    await new Promise((r) => setTimeout(r, 2_000));
    const beforeReload = (await callSeconds(staff))!;
    expect(beforeReload).toBeGreaterThanOrEqual(3);
    await staff.reload();
    await staff.getByTestId('call-screen').waitFor();
    await expectRemoteVideo(staff, 'staff after its reload');
    // The call time goes on from the same start after the reload: the call is the same, not a new one.
    expect(await callSeconds(staff)).toBeGreaterThanOrEqual(beforeReload);
    // In English it is "Call time", with the same digits.
    await staff.getByRole('button', { name: 'English' }).click();
    await staff.getByRole('timer', { name: 'Call time' }).waitFor();
    await staff.getByRole('button', { name: 'Dansk' }).click();
    await staff.getByRole('timer', { name: 'Samtaletid' }).waitFor();
    await shoot(staff, 'staff-call-time');
    await expectRemoteVideo(citizen, 'citizen after staff reloaded');
    expect(cloud.t.logs.filter((l) => l.msg === 'call resumed').length).toBeGreaterThan(resumedBefore);

    await staff.getByRole('button', { name: 'Læg på' }).click();
    await citizen.getByTestId('call-ended').waitFor();
    expect(await callId(citizen), 'forgotten when it ended').toBeNull();
  }, 90_000);

  it('a reload after the call ended elsewhere gives up on it ("Forbindelsen blev afbrudt") instead of showing a dead call', async () => {
    await citizen.getByRole('button', { name: 'OK' }).first().click();
    await citizen.evaluate(() =>
      sessionStorage.setItem(
        'sv.call.current',
        JSON.stringify({ callId: 'gone-call', role: 'callee', name: 'Mette Hjemmepleje' }),
      ),
    );
    await citizen.reload();
    // The cloud has no such call: the restored screen gives up after RESUME_CONFIRM_MS.
    await citizen.getByTestId('call-ended').waitFor({ timeout: 20_000 });
    expect(await citizen.getByTestId('call-ended').getAttribute('data-reason')).toBe('failed');
  }, 60_000);

  it('a call hung up within a second of connecting still sends its quality report from both sides', async () => {
    await citizen.getByRole('button', { name: 'OK' }).first().click();
    // The cloud stamps the reports on its clock (calls-world.ts holds it to one day), so `before` is read there.
    const before = new Date(cloud.t.clock.now());
    await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
    await citizen.getByRole('button', { name: 'Tag den' }).click();
    await staff.waitForFunction(() => {
      const pc = (window as unknown as { __sv: { pcs: RTCPeerConnection[] } }).__sv.pcs.at(-1);
      return pc?.iceConnectionState === 'connected';
    });
    await new Promise((r) => setTimeout(r, 600));
    await staff.getByRole('button', { name: 'Læg på' }).click();
    await citizen.getByTestId('call-ended').waitFor();
    const sides = async () =>
      (await cloud.t.cloud.db.db.select().from(callQualityReportsTable))
        .filter((r) => r.createdAt >= before)
        .map((r) => r.side)
        .sort();
    for (let i = 0; i < 50 && (await sides()).length < 2; i += 1)
      await new Promise((r) => setTimeout(r, 200));
    expect(await sides()).toEqual(['callee', 'caller']);
  }, 60_000);
});
