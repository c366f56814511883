import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { hashPassword } from '../../src/auth/password/hashing.js';
import { createSlot, grantCallPermission } from '../../src/care/index.js';
import { citizenEnrolmentsTable, unitMembershipsTable, unitsTable } from '../../src/db/index.js';
import { createStaff, LOOPBACK_NETWORKS } from '../../test/fixtures.js';
import { newCitizen, smsCode, supportDesk } from '../../test/kits/citizens.js';
import { oneDayClock } from '../../test/kits/one-day-clock.js';
import { enrolOnPage, openStaff, PASSWORD, submitPassword, words } from './staff-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * For the calls e2e suite: the built clients on a REAL cloud whose environment the suite chooses (a TURN
 * server for relay-only calls), a municipality seeded through the care core functions, and each page
 * instrumented to record every RTCPeerConnection and getUserMedia stream it makes, so the test can check
 * the guaranteed hang-up without trusting the app's own bookkeeping.
 */
const ZONE = 'Europe/Copenhagen';

export type CallsCloud = WebCloud;

/** Runs in each page before its scripts: records peer connections and camera streams. */
function instrument() {
  const w = window as unknown as { __sv: { pcs: RTCPeerConnection[]; streams: MediaStream[] } };
  w.__sv = { pcs: [], streams: [] };
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__sv.pcs.push(this);
    }
  } as typeof RTCPeerConnection;
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await gum(constraints);
    w.__sv.streams.push(stream);
    return stream;
  };
}

/**
 * The cloud runs on a clock held to the municipal day the suite started on (oneDayClock), and the world below
 * reads "now" from that same clock: the slots it plans for today are on the cloud's today (its day plan, its
 * dashboard week) even when the run passes Copenhagen midnight.
 */
export function startCallsCloud(env: Record<string, string> = {}): Promise<CallsCloud> {
  return startWebCloud({ env: { LOG_LEVEL: 'info', ...env }, initScript: instrument, clock: oneDayClock() });
}

/** A home-care team with one staff member and one citizen who may be called, and one who may not now. */
export async function seedCallWorld(cloud: CallsCloud, options: { relayOnly?: boolean } = {}) {
  const t = cloud.t;
  const db = t.cloud.db.db;
  // One reading of the cloud's clock for every date and time below (never the system clock beside it).
  const at = t.clock.now();
  const desk = await supportDesk(
    t,
    {
      staffNetworks: LOOPBACK_NETWORKS,
      relayOnly: options.relayOnly ?? false,
    },
    t.clock,
  );
  const municipalityId = desk.municipality.id;
  const username = `mette-${Math.random().toString(36).slice(2, 8)}`;
  const staff = await createStaff(t, municipalityId, 'staff', {
    username,
    displayName: 'Mette Hjemmepleje',
    passwordHash: await hashPassword(PASSWORD),
    passwordChangedAt: new Date(at),
  });
  const [team] = await db
    .insert(unitsTable)
    .values({ municipalityId, kind: 'home_care_team', name: 'Team Nord' })
    .returning();
  await db.insert(unitMembershipsTable).values({ staffId: staff.id, unitId: team!.id });
  const enrol = async (citizenId: string) =>
    (
      await db
        .insert(citizenEnrolmentsTable)
        .values({ citizenId, unitId: team!.id, startedAt: new Date(at - 86_400_000) })
        .returning()
    )[0]!;
  const now = DateTime.fromMillis(at, { zone: ZONE });
  const slot = (citizenId: string, minutes: number) =>
    createSlot(
      db,
      {
        municipalityId,
        citizenId,
        unitId: team!.id,
        staffId: staff.id,
        type: 'reassurance',
        date: now.toISODate()!,
        time: now.startOf('hour').plus({ minutes }).toFormat('HH:mm'),
      },
      ZONE,
      new Date(at),
    );

  const birthe = await newCitizen(desk, 'Birthe Borger');
  const birtheEnrolment = await enrol(birthe);
  const birtheSlot = await slot(birthe, 0);
  const { code } = await smsCode(desk, birthe);

  // Karl may be called only in an hour that is not now: the router refuses with outside_time_window.
  const karl = await newCitizen(desk, 'Karl Borger');
  const karlEnrolment = await enrol(karl);
  const later = now.plus({ hours: 3 });
  await grantCallPermission(db, {
    municipalityId,
    enrolmentId: karlEnrolment.id,
    direction: 'staff_to_citizen',
    windows: [
      {
        days: [1, 2, 3, 4, 5, 6, 7],
        from: later.toFormat('HH:00'),
        to: later.plus({ hours: 1 }).toFormat('HH:00'),
      },
    ],
    at: new Date(at - 60_000),
  });
  await slot(karl, 1);
  /** The municipal date the world's slots are on: the cloud's today. */
  const today = now.toISODate()!;
  return {
    municipalityId,
    username,
    staffId: staff.id,
    birthe,
    birtheEnrolmentId: birtheEnrolment.id,
    birtheSlot,
    code,
    karl,
    today,
  };
}

/** Call windows as the care domain takes them: days 1-7 (Monday first), Copenhagen wall-clock times. */
type CallWindows = { days: number[]; from: string; to: string }[];

/**
 * Birthe may call the team from her own page ("Ring til hjemmeplejen"): in these windows, or at any time (null).
 * Granted a minute before the cloud's now, so it holds from the first press.
 */
export async function letBirtheCallTheTeam(
  cloud: CallsCloud,
  world: { municipalityId: string; birtheEnrolmentId: string },
  windows: CallWindows | null,
) {
  await grantCallPermission(cloud.t.cloud.db.db, {
    municipalityId: world.municipalityId,
    enrolmentId: world.birtheEnrolmentId,
    direction: 'citizen_to_staff',
    windows,
    at: new Date(cloud.t.clock.now() - 60_000),
  });
}

/** Staff login through the real screens: password, first-time TOTP enrolment, recovery codes, home. */
export async function logInStaff(page: Page, cloud: CallsCloud, username: string) {
  await openStaff({ origin: cloud.origin } as never, page, 'da');
  await submitPassword(page, 'da', username);
  // The code on the cloud's clock, which checks it.
  await enrolOnPage(page, 'da', cloud.t.clock);
  await page.getByRole('button', { name: words.da.written }).click();
  await page.getByTestId('day-plan').waitFor();
}

/** The citizen opens the letter's QR link (`?code=`), confirms, and lands on the home screen. */
export async function activateCitizen(page: Page, cloud: CallsCloud, code: string) {
  await page.goto(`${cloud.origin}/citizen/?code=${code}`);
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  await page.getByRole('button', { name: 'Gå videre' }).click();
  await page.getByTestId('citizen-waiting').waitFor();
}

/** Decoded remote video: a size, and a clock that moves. */
export async function expectRemoteVideo(page: Page, who: string) {
  const video = page.getByTestId('remote-video');
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid=remote-video]');
      return v !== null && v.videoWidth > 0 && v.currentTime > 0;
    },
    undefined,
    { timeout: 15_000 },
  );
  const t0 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await page.waitForFunction(
    (start) => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid=remote-video]');
      return v !== null && v.currentTime > start + 0.3;
    },
    t0,
    { timeout: 10_000 },
  );
  expect(await video.evaluate((v: HTMLVideoElement) => v.videoWidth), who).toBeGreaterThan(0);
}

/** Every camera/microphone track the page ever opened is ended, and every peer connection is closed. */
export async function mediaAfterHangUp(page: Page) {
  return page.evaluate(() => {
    const sv = (window as unknown as { __sv: { pcs: RTCPeerConnection[]; streams: MediaStream[] } }).__sv;
    const remote = document.querySelector<HTMLVideoElement>('[data-testid=remote-video]');
    return {
      tracks: sv.streams.flatMap((s) => s.getTracks().map((t) => t.readyState)),
      pcs: sv.pcs.map((pc) => pc.signalingState),
      remoteSrc: remote ? remote.srcObject !== null : false,
    };
  });
}

export interface Wire {
  pcs: number;
  dtls: string | undefined;
  rtpBytesSent: number;
  streams: number;
  sdp: string | undefined;
}

/** What the page's newest peer connection has sent, from getStats (instrument() above records every pc). */
export const wire = (page: Page): Promise<Wire> =>
  page.evaluate(async () => {
    const sv = (window as unknown as { __sv: { pcs: RTCPeerConnection[]; streams: MediaStream[] } }).__sv;
    const pc = sv.pcs.at(-1);
    let dtls: string | undefined;
    let rtpBytesSent = 0;
    (await pc?.getStats())?.forEach((s) => {
      if (s.type === 'transport') dtls = s.dtlsState;
      if (s.type === 'outbound-rtp') rtpBytesSent += s.bytesSent ?? 0;
    });
    return {
      pcs: sv.pcs.length,
      dtls,
      rtpBytesSent,
      streams: sv.streams.length,
      sdp: pc?.remoteDescription?.sdp,
    };
  });

/** Waits until the page's newest peer connection has DTLS up (the media path is ready, tracks or not). */
export const dtlsConnected = (page: Page) =>
  page.waitForFunction(
    async () => {
      const pc = (window as unknown as { __sv: { pcs: RTCPeerConnection[] } }).__sv.pcs.at(-1);
      let dtls: string | undefined;
      (await pc?.getStats())?.forEach((s) => {
        if (s.type === 'transport') dtls = s.dtlsState;
      });
      return dtls === 'connected';
    },
    undefined,
    { timeout: 15_000, polling: 100 },
  );
