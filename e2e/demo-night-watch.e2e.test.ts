import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { staffTable, unitMembershipsTable } from '../cloud/src/db/index.js';
import { startTestCloud, type TestCloud } from '../cloud/test/test-cloud.js';
import { fullJitterBackoff } from '../device/src/backoff.js';
import { createLogger } from '../device/src/logger.js';
import { WrtcEngine } from '../device/src/media/wrtc/wrtc-engine.js';
import { removeDir, startTestKiosk, type TestKiosk } from '../device/src/testing/kiosk.js';
import { hasChromium, requireOrSkip } from '../test-support/requirements.js';
import { staffSession, until } from './kiosk-world.js';
import { launchBrowser, openStaffBrowser } from './staff-browser.js';

const log = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const engine = await WrtcEngine.create({ log }).catch(() => null);
const available = requireOrSkip(
  '@roamhq/wrtc',
  engine !== null,
  'npm install in device/ (optional dependency)',
);

/**
 * Issue 10 "Done when" 4: from a fresh demo start (DEMO=true on an empty data folder, as `npm start` does), the
 * demo kiosk enrolled with the code the demo leaves in DATA_DIR has its night-watch button switched on, and
 * pressing it rings the console of a demo night-watch member who went on duty. Nothing is configured by hand.
 */
describe.skipIf(!(available && hasChromium()))('the demo, from a fresh start', () => {
  let t: TestCloud | undefined;
  let kiosk: TestKiosk | undefined;
  afterAll(async () => {
    await kiosk?.stop();
    if (kiosk) await removeDir(kiosk.dataDir);
    await t?.close();
  });

  it('the demo kiosk’s night-watch button rings the console of the demo night watch on duty', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sv-demo-'));
    t = await startTestCloud({ DEMO: 'true', DATA_DIR: dataDir, COOKIE_SECURE: 'false' });
    const code = (await readFile(join(dataDir, 'demo-kiosk-code.txt'), 'utf8')).trim();
    kiosk = await startTestKiosk({
      cloudUrl: t.base,
      mqttUrl: `mqtt://127.0.0.1:${t.cloud.ports.mqtt}`,
      code,
      media: engine!,
      reconnectPolicy: fullJitterBackoff({ baseMs: 100, capMs: 800 }),
      random: Math.random,
    });
    const k = kiosk;
    await until('the kiosk online and asleep', () => k.agent.online && k.agent.state === 'asleep', 20_000);
    await until('the seeded config applied', () => k.logs.some((l) => l.includes('config applied'))).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\nkiosk log:\n${k.logs.slice(-30).join('\n')}`);
      },
    );

    const db = t.cloud.db.db;
    const [lars] = await db.select().from(staffTable).where(eq(staffTable.username, 'lars.poulsen'));
    const who = { kind: 'staff' as const, id: lars!.id, municipalityId: lars!.municipalityId };
    const [membership] = await db
      .select({ poolId: unitMembershipsTable.unitId })
      .from(unitMembershipsTable)
      .where(eq(unitMembershipsTable.staffId, lars!.id));
    const duty = await fetch(`${t.base}/api/night-watch/pools/${membership!.poolId}/duty`, {
      method: 'POST',
      headers: await staffSession(t, who),
      body: JSON.stringify({ onDuty: true }),
    });
    expect(duty.status).toBe(200);
    const browser = await launchBrowser();
    try {
      const console = await openStaffBrowser(browser, t, (await staffSession(t, who)).cookie!, 'nightwatch');
      k.board.press('nightWatch');
      const incoming = await console.next('call.incoming');
      expect(incoming.from.kind).toBe('citizen');
      await console.send({ type: 'call.decline', callId: incoming.callId });
      await console.close();
    } finally {
      await browser.close();
    }
  }, 120_000);
});
