import { and, eq, isNull, sql } from 'drizzle-orm';
import { citizenRef, citizensTable, type Db, devicesTable, lentNotEnrolled } from '../db/index.js';

/** The rule's context: the part of rules.ts's Context it reads. */
interface Context {
  db: Db;
  municipalityId: string;
  now: Date;
}

/**
 * How long a kiosk may stay lent but not enrolled before support is told. Support usually lends a kiosk at the
 * desk and enrols it in the citizen's home the same day; a day later it has been forgotten, and the citizen has
 * a box that can neither call nor be called. Not the municipality's "Skærm offline i timer" (4 h by default): a
 * kiosk lent in the morning and set up after lunch is the normal path, not a fault to raise.
 */
export const NOT_ENROLLED_GRACE_MS = 24 * 3_600_000;
const DAY = 24 * 3_600_000;

/**
 * A kiosk lent to a citizen that never enrolled (devices/inventory.ts: it keeps `registered` until its code is
 * redeemed; support's list says "Udlånt, men ikke tilmeldt"). The offline alert covers only `lent` kiosks, so
 * before this nobody was told. Lent since the citizen's `kioskLoanChangedAt` (a citizen holds one loan kiosk at a
 * time, so her last loan change while she holds it is its lend); a kiosk lent before that column existed counts
 * from its registration, the earliest it can have been lent. Named by its label; `borrower` carries the
 * citizen for support's console (routes.ts leaves it out for an alert token: a pager line names no one it serves).
 */
export async function kioskNotEnrolled(c: Context) {
  const limit = new Date(c.now.getTime() - NOT_ENROLLED_GRACE_MS).toISOString();
  const rows = await c.db
    .select({
      id: devicesTable.id,
      label: devicesTable.label,
      citizenId: citizensTable.id,
      citizenName: citizensTable.displayName,
      loanChangedAt: citizensTable.kioskLoanChangedAt,
      createdAt: devicesTable.createdAt,
    })
    .from(devicesTable)
    .innerJoin(citizensTable, eq(citizensTable.id, devicesTable.citizenId))
    .where(
      and(
        eq(devicesTable.municipalityId, c.municipalityId),
        lentNotEnrolled,
        isNull(devicesTable.heldAs),
        sql`coalesce(${citizensTable.kioskLoanChangedAt}, ${devicesTable.createdAt}) < ${limit}`,
      ),
    );
  return rows.map((r) => {
    const since = r.loanChangedAt ?? r.createdAt;
    const days = Math.max(1, Math.floor((c.now.getTime() - since.getTime()) / DAY));
    return {
      kind: 'kiosk_not_enrolled' as const,
      severity: 'warning' as const,
      subject: { kind: 'device' as const, id: r.id, name: r.label },
      borrower: { id: r.citizenId, name: r.citizenName, ref: citizenRef(r.citizenId) },
      since: since.toISOString(),
      figures: { days },
      summary: `Kiosk ${r.label} was lent ${days} day(s) ago but never enrolled: it cannot call or be called.`,
    };
  });
}
