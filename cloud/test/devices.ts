import { issueEnrolmentCode, municipalitiesTable, registerDevice } from '../src/db/index.js';
import type { TestCloud } from './test-cloud.js';

/** Register a device through the repositories and enrol it over real HTTP, as a kiosk would. */
export async function enrolTestDevice(t: TestCloud, label: string) {
  const db = t.cloud.db.db;
  const [municipality] = await db
    .insert(municipalitiesTable)
    .values({ name: `Test ${label}` })
    .returning();
  const device = await registerDevice(db, { municipalityId: municipality!.id, label });
  const code = await issueEnrolmentCode(db, device.id, { ttlMs: 60_000, now: new Date() });
  const response = await fetch(`${t.base}/api/devices/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, hardwareId: `hw-${label}` }),
  });
  if (response.status !== 201) throw new Error(`enrol failed: ${response.status} ${await response.text()}`);
  return {
    municipalityId: municipality!.id,
    code,
    ...((await response.json()) as { deviceId: string; mqttPassword: string }),
  };
}
