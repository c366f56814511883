import { randomUUID } from 'node:crypto';
import { DEFAULT_DEVICE_CONFIG, type DeviceCommand } from '@screenvisit/protocol';
import { eq } from 'drizzle-orm';
import { devicesTable, issueEnrolmentCode, registerDevice } from '../cloud/src/db/index.js';
import { sessionFor } from '../cloud/test/fixtures.js';
import { careWorld } from '../cloud/test/kits/calls.js';
import type { TestCloud } from '../cloud/test/test-cloud.js';
import { fullJitterBackoff } from '../device/src/backoff.js';
import type { MediaEngine } from '../device/src/media-engine.js';
import type { KioskDisplay } from '../device/src/screen/gtk-screen.js';
import { startTestKiosk, type TestKiosk } from '../device/src/testing/kiosk.js';

export type World = Awaited<ReturnType<typeof careWorld>>;

/** A kiosk registered in the world's municipality for `citizenId`, enrolled by the real agent with its code. */
export async function kioskFor(
  t: TestCloud,
  w: World,
  citizenId: string,
  media: MediaEngine,
  options: { dataDir?: string; mqttPort?: number; display?: KioskDisplay; env?: Record<string, string> } = {},
): Promise<TestKiosk> {
  const db = t.cloud.db.db;
  const device = await registerDevice(db, { municipalityId: w.municipalityId, label: `E2E-${randomUUID()}` });
  await db.update(devicesTable).set({ citizenId }).where(eq(devicesTable.id, device.id));
  const code = await issueEnrolmentCode(db, device.id, { ttlMs: 60_000, now: new Date() });
  return startTestKiosk({
    cloudUrl: t.base,
    mqttUrl: `mqtt://127.0.0.1:${options.mqttPort ?? t.cloud.ports.mqtt}`,
    code,
    media,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.display ? { display: options.display } : {}),
    ...(options.env ? { env: options.env } : {}),
    // Small cap so a restarted cloud is found again within a test; the shape is still full jitter.
    reconnectPolicy: fullJitterBackoff({ baseMs: 100, capMs: 800 }),
    random: Math.random,
  });
}

export function configCommand(version: number, nightWatch: { enabled: boolean; poolId?: string }) {
  return {
    v: 1,
    id: randomUUID(),
    issuedAt: new Date().toISOString(),
    type: 'config.apply',
    version,
    config: { ...DEFAULT_DEVICE_CONFIG, volume: 55, nightWatch },
  } satisfies DeviceCommand;
}

/** Session headers (cookie, CSRF, Origin) for fetch, and the cookie alone for Chromium. */
export async function staffSession(
  t: TestCloud,
  who: { kind: 'staff' | 'citizen'; id: string; municipalityId: string },
) {
  return (await sessionFor(t, who)).headers;
}

export async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export { careWorld };
