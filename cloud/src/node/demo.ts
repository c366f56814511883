import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '@screenvisit/protocol';
import { and, eq, isNull } from 'drizzle-orm';
import { nightWatchPlaces, seedCareDemo } from '../care/index.js';
import { createCode, markSent } from '../citizens/activation-codes.js';
import { seedDashboardHistory } from '../dashboard/seed-history.js';
import {
  citizensTable,
  type Database,
  DEMO_DEVICE_LABEL,
  devicesTable,
  isDatabaseEmpty,
  issueEnrolmentCode,
  seedDemo,
  staffTable,
} from '../db/index.js';
import { writeConfigVersion } from '../devices/config-push.js';
import type { CloudConfig } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import { seedDemoServiceCases } from '../service-case/seed-demo.js';
import { letDemoStaffCallTheKiosk } from './demo-kiosk-call.js';
import { DEMO_IDLE_TIMEOUT_MINUTES, DEMO_KIOSK_QUIET_HOURS, writeDemoTourFile } from './demo-tour.js';

const CODE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Demo mode (`npm start`): seed the demo municipality once, and while the demo kiosk holds no valid credential,
 * leave a fresh one-time enrolment code in DATA_DIR for the simulated kiosk. Never enabled in production.
 */
export async function prepareDemo(
  database: Database,
  config: CloudConfig,
  log: Logger,
  clock: Clock,
): Promise<void> {
  const db = database.db;
  mkdirSync(config.DATA_DIR, { recursive: true });
  if (await isDatabaseEmpty(db)) {
    // The short idle timeout only at the first seed: a change made at /admin/ afterwards stays.
    const summary = await seedDemo(db, {
      now: new Date(clock.now()),
      password: config.DEMO_PASSWORD,
      idleTimeoutMinutes: DEMO_IDLE_TIMEOUT_MINUTES,
    });
    // null: another instance seeded first (seedDemo takes an advisory lock).
    if (summary) {
      log.info({ municipalityId: summary.municipalityId }, 'demo municipality seeded');
      // Permissions, the night-watch pool, its roster and today's day plan, so calls work out of the box.
      const care = await seedCareDemo(db, summary.municipalityId, new Date(clock.now()));
      if (care) log.info({ poolUnitId: care.poolUnitId, slots: care.slotsToday }, 'demo care data seeded');
      // The printed logins say who has a night-watch console and who leads a night watch, by the rules the
      // session tells the start page (care nightWatchPlaces), so `npm start` sends nobody to a console that has no
      // pool for them, nor to /watch/ with no pool to watch (it listed /watch/ for mette.larsen, who leads none).
      const staff = await Promise.all(
        summary.staff.map(async ({ id, username, role }) => {
          const places = await nightWatchPlaces(db, { id, role, municipalityId: summary.municipalityId });
          return { username, role, nightWatch: places.console, watch: places.watch };
        }),
      );
      writeFileSync(
        join(config.DATA_DIR, 'demo-logins.json'),
        `${JSON.stringify({ password: config.DEMO_PASSWORD, staff }, null, 2)}\n`,
      );
      if (care) {
        // The demo kiosk's night-watch button calls the demo pool out of the box (issue 10 §4), and it has quiet
        // hours of its own (README "Demo tour"): its first config version waits in the command outbox and
        // reaches the kiosk when it first connects.
        await writeConfigVersion(db, {
          municipalityId: summary.municipalityId,
          deviceId: summary.deviceId,
          changes: {
            nightWatch: { enabled: true, poolId: care.poolUnitId },
            quietHours: DEMO_KIOSK_QUIET_HOURS,
          },
          actor: null,
          now: new Date(clock.now()),
        });
        await letDemoStaffCallTheKiosk(db, summary.municipalityId, new Date(clock.now()));
      }
      // Ten weeks of made-up history so the dashboard's trends mean something (issue 13); demo only.
      const history = await seedDashboardHistory(db, summary.municipalityId, new Date(clock.now()));
      log.info(history, 'demo dashboard history seeded');
      const cases = await seedDemoServiceCases(db, summary.municipalityId, new Date(clock.now()));
      log.info({ cases }, 'demo service cases seeded');
    }
  }
  await issueDemoCitizenCode(db, config.DATA_DIR, clock);
  await writeDemoTourFile(db, config.DATA_DIR);
  const codeFile = join(config.DATA_DIR, 'demo-kiosk-code.txt');
  const [kiosk] = await db
    .select({ id: devicesTable.id, credentialHash: devicesTable.credentialHash })
    .from(devicesTable)
    .where(and(eq(devicesTable.label, DEMO_DEVICE_LABEL), isNull(devicesTable.credentialRevokedAt)));
  if (!kiosk) return;
  if (kiosk.credentialHash) {
    rmSync(codeFile, { force: true });
    return;
  }
  const code = await issueEnrolmentCode(db, kiosk.id, { ttlMs: CODE_TTL_MS, now: new Date(clock.now()) });
  writeFileSync(codeFile, `${code}\n`, { mode: 0o600 });
  log.info({ deviceId: kiosk.id }, 'demo kiosk enrolment code issued');
}

/** The demo citizen who logs in on her own phone or PC (role citizen), with a fresh code at every start. */
export const DEMO_BYOD_CITIZEN = 'Else Mortensen';

/**
 * A fresh activation code for the demo citizen at every demo start, written to DATA_DIR for `npm start` to
 * print: the citizen role's demo login (issue 12 §5). A newer code invalidates older unused ones (markSent).
 */
async function issueDemoCitizenCode(db: Database['db'], dataDir: string, clock: Clock): Promise<void> {
  const [citizen] = await db
    .select({ id: citizensTable.id, municipalityId: citizensTable.municipalityId })
    .from(citizensTable)
    .where(and(eq(citizensTable.displayName, DEMO_BYOD_CITIZEN), isNull(citizensTable.disabledAt)));
  const [support] = await db
    .select({ id: staffTable.id })
    .from(staffTable)
    .where(and(eq(staffTable.username, 'sofie.berg'), eq(staffTable.role, 'support')));
  if (!citizen || !support) return;
  const now = new Date(clock.now());
  const issued = await createCode(db, {
    citizenId: citizen.id,
    municipalityId: citizen.municipalityId,
    channel: 'letter',
    issuedBy: support.id,
    now,
    ttlMs: CODE_TTL_MS,
  });
  await markSent(db, issued.id, citizen.id, now);
  writeFileSync(
    join(dataDir, 'demo-citizen-code.json'),
    `${JSON.stringify({ citizen: DEMO_BYOD_CITIZEN, code: issued.code })}\n`,
    { mode: 0o600 },
  );
}
