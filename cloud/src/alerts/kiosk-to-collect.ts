import { and, eq, isNotNull } from 'drizzle-orm';
import { collectWipes, type Db, devicesTable } from '../db/index.js';

/** The rule's context: the part of rules.ts's Context it reads. */
interface Context {
  db: Db;
  municipalityId: string;
  now: Date;
}

/**
 * A kiosk to fetch from a closed citizen's home (devices/closed-citizen-loan.ts): her loan ended, but it still
 * stands in her home until support collects it and says so (POST /api/devices/{id}/collected) or lends it again.
 * Named by its label only, never by whom it served. Its figures say what closing did to it (db/repos/collect-wipe.ts),
 * so the sentence does not claim a wipe that is still waiting, or that never was (a kiosk that never enrolled):
 * `wipePending` 1 while it waits for the kiosk's next connection, `nothingToWipe` 1 when it held nothing.
 */
export async function kioskToCollect(c: Context) {
  const rows = await c.db
    .select({ id: devicesTable.id, label: devicesTable.label, since: devicesTable.collectSince })
    .from(devicesTable)
    .where(and(eq(devicesTable.municipalityId, c.municipalityId), isNotNull(devicesTable.collectSince)));
  const wipes = await collectWipes(
    c.db,
    rows.map((r) => ({ id: r.id, collectSince: r.since })),
  );
  return rows.map((r) => {
    const wipe = wipes.get(r.id) ?? 'none';
    const days = Math.max(0, Math.floor((c.now.getTime() - r.since!.getTime()) / 86_400_000));
    return {
      kind: 'kiosk_to_collect' as const,
      severity: 'warning' as const,
      subject: { kind: 'device' as const, id: r.id, name: r.label },
      since: r.since!.toISOString(),
      figures: {
        days,
        wipePending: wipe === 'pending' ? 1 : 0,
        nothingToWipe: wipe === 'none' ? 1 : 0,
      },
      summary: `Kiosk ${r.label} is to be collected: its citizen was closed ${days} day(s) ago.`,
    };
  });
}
