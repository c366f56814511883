import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import {
  citizenCredentialsTable,
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  devicesTable,
  serviceCaseEventsTable,
  serviceCasesTable,
} from '../db/index.js';
import { sha256Hex } from '../db/repos/secrets.js';
import { DEFAULT_FOLLOW_UP, nextEvaluationAt } from './follow-up.js';
import type { Stage } from './transitions.js';

const DAY = 86_400_000;

/**
 * DEMO ONLY (node/demo.ts, after the history): a few service cases so the page shows every kind of line from a
 * fresh start: one just referred, one in follow-up whose evaluation is due, one in follow-up on his own device, not yet
 * due, and the demo kiosk's citizen installed with her kiosk at the first start, when it enrols. One citizen of the home-care team is left without a case,
 * for the guide's walk-through (refer her).
 *
 * The cases agree with the calls and devices already seeded (seedCareDemo's last week, agreeWithHistory's bound
 * browsers): Else and Poul answered screen calls last week, so each was installed before that week, and an own
 * device's installation is the day her browser was bound with the activation code. The one just referred is a
 * facility resident who has never been in a call (Grethe Thomsen): Poul, referred two days ago and "not
 * installed" beside a call he answered last week, read as nonsense, and so did Else's "installed 35 days ago"
 * beside a browser first bound last week.
 */
export async function seedDemoServiceCases(db: Db, municipalityId: string, now: Date): Promise<number> {
  const policy = DEFAULT_FOLLOW_UP;
  const citizens = await db
    .select({ id: citizensTable.id, name: citizensTable.displayName, unitId: citizenEnrolmentsTable.unitId })
    .from(citizensTable)
    .innerJoin(citizenEnrolmentsTable, eq(citizenEnrolmentsTable.citizenId, citizensTable.id))
    .where(
      and(
        eq(citizensTable.municipalityId, municipalityId),
        inArray(citizensTable.displayName, [
          'Else Mortensen',
          'Poul Andersen',
          'Grethe Thomsen',
          'Aase Pedersen',
        ]),
      ),
    );
  const [kiosk] = await db
    .select({ id: devicesTable.id, citizenId: devicesTable.citizenId })
    .from(devicesTable)
    .where(eq(devicesTable.municipalityId, municipalityId));
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  let n = 0;
  for (const c of citizens) {
    const plan: { stage: Stage; referred: number; installed: number | null; evaluations: number } =
      c.name === 'Grethe Thomsen'
        ? { stage: 'referred', referred: 2, installed: null, evaluations: 0 }
        : c.name === 'Poul Andersen'
          ? { stage: 'following_up', referred: 16, installed: 10, evaluations: 1 }
          : c.name === 'Else Mortensen'
            ? { stage: 'following_up', referred: 50, installed: 35, evaluations: 1 }
            : // Aase Pedersen's loan kiosk is set up in her home at the first start, where it enrols (node/demo.ts):
              // "installed 5 days ago" stood beside a kiosk that had never been switched on before that start.
              { stage: 'installed', referred: 20, installed: 0, evaluations: 0 };
    const withKiosk = kiosk?.citizenId === c.id;
    const installedAt = plan.installed === null ? null : at(plan.installed);
    const [row] = await db
      .insert(serviceCasesTable)
      .values({
        municipalityId,
        citizenId: c.id,
        stage: plan.stage,
        referredBy: 'Visitator',
        referredAt: at(plan.referred),
        scenario: plan.stage === 'referred' ? null : withKiosk ? 'facility' : 'home_care',
        deviceChoice: plan.stage === 'referred' ? null : withKiosk ? 'loan_kiosk' : 'own_device',
        unitId: plan.stage === 'referred' ? null : c.unitId,
        deviceId: withKiosk && installedAt ? kiosk!.id : null,
        installedAt,
        evaluationsDone: plan.evaluations,
        nextEvaluationAt: installedAt ? nextEvaluationAt(installedAt, plan.evaluations, policy) : null,
        updatedAt: now,
      })
      .returning({ id: serviceCasesTable.id });
    await existedBeforeCase(db, { citizenId: c.id, referredAt: at(plan.referred) });
    if (!withKiosk && installedAt) await browserBoundAt(db, { municipalityId, citizenId: c.id, installedAt });
    if (withKiosk && installedAt)
      await db
        .update(devicesTable)
        .set({ createdAt: installedAt })
        .where(and(eq(devicesTable.id, kiosk!.id), gt(devicesTable.createdAt, installedAt)));
    const steps: [string, Stage | null, Stage, number][] = [['refer', null, 'referred', plan.referred]];
    if (installedAt)
      steps.push(
        ['assess', 'referred', 'assessed', plan.referred - 1],
        ['assign', 'assessed', 'assigned', plan.referred - 2],
        ['install', 'assigned', 'installed', plan.installed!],
      );
    if (plan.evaluations) steps.push(['evaluate', 'installed', 'following_up', plan.installed! - 7]);
    await db.insert(serviceCaseEventsTable).values(
      steps.map(([transition, fromStage, toStage, days]) => ({
        caseId: row!.id,
        transition,
        fromStage,
        toStage,
        at: at(days),
      })),
    );
    n++;
  }
  return n;
}

/**
 * A case is referred for a citizen ScreenVisit already knows, in a unit that serves her: seedDemo makes its people
 * at the seed's now, and a case referred 50 days ago read as history from before she existed.
 */
async function existedBeforeCase(db: Db, input: { citizenId: string; referredAt: Date }) {
  const { citizenId, referredAt } = input;
  await db
    .update(citizensTable)
    .set({ createdAt: referredAt })
    .where(and(eq(citizensTable.id, citizenId), gt(citizensTable.createdAt, referredAt)));
  await db
    .update(citizenEnrolmentsTable)
    .set({ startedAt: referredAt })
    .where(
      and(
        eq(citizenEnrolmentsTable.citizenId, citizenId),
        isNull(citizenEnrolmentsTable.endedAt),
        gt(citizenEnrolmentsTable.startedAt, referredAt),
      ),
    );
}

/**
 * An own device is installed when the citizen's browser is bound with her activation code: her first bound
 * browser dates from the installation. agreeWithHistory bound one at her first call, which lies after it; one
 * without calls gets hers here (the token random and dropped, as there: nobody logs in as her).
 */
async function browserBoundAt(
  db: Db,
  input: { municipalityId: string; citizenId: string; installedAt: Date },
): Promise<void> {
  const { municipalityId, citizenId, installedAt } = input;
  const [first] = await db
    .select({ id: citizenCredentialsTable.id, createdAt: citizenCredentialsTable.createdAt })
    .from(citizenCredentialsTable)
    .where(eq(citizenCredentialsTable.citizenId, citizenId))
    .orderBy(asc(citizenCredentialsTable.createdAt))
    .limit(1);
  if (first) {
    if (first.createdAt > installedAt)
      await db
        .update(citizenCredentialsTable)
        .set({ createdAt: installedAt })
        .where(eq(citizenCredentialsTable.id, first.id));
    return;
  }
  await db.insert(citizenCredentialsTable).values({
    citizenId,
    municipalityId,
    tokenHash: sha256Hex(randomBytes(32).toString('base64url')),
    label: 'browser',
    createdAt: installedAt,
    lastUsedAt: installedAt,
  });
}
