import { inArray } from 'drizzle-orm';
import type { Db } from '../database.js';
import { deviceWipesTable } from '../schema/index.js';

/**
 * What closing a citizen did to the kiosk she borrowed (devices/closed-citizen-loan.ts), for the words support
 * reads while it waits to be fetched: `done`, wiped remotely (the kiosk acknowledged, or wiped itself on the
 * broker's refusal); `pending`, asked to wipe, which it does at its next connection; `none`, nothing was asked,
 * because it never enrolled and holds nothing of her. Closing asks the wipe at the same instant it sets
 * `collectSince`, so the wipe that belongs to the collection is one requested at or after that instant. Here so
 * the devices feature (kiosk list and page) and the alerts feature (Advarsler) share it without importing each other.
 */
export type CollectWipe = 'done' | 'pending' | 'none';

export async function collectWipes(
  db: Db,
  devices: readonly { readonly id: string; readonly collectSince: Date | null }[],
): Promise<Map<string, CollectWipe>> {
  const toCollect = devices.filter((d) => d.collectSince !== null);
  const found = new Map<string, CollectWipe>();
  if (toCollect.length === 0) return found;
  const wipes = await db
    .select({
      deviceId: deviceWipesTable.deviceId,
      requestedAt: deviceWipesTable.requestedAt,
      settledAt: deviceWipesTable.settledAt,
    })
    .from(deviceWipesTable)
    .where(
      inArray(
        deviceWipesTable.deviceId,
        toCollect.map((d) => d.id),
      ),
    );
  // By device, one pass: a `filter` per kiosk was kiosks × wipes steps on every read of the list and Advarsler.
  const byDevice = new Map<string, (typeof wipes)[number][]>();
  for (const w of wipes) {
    const list = byDevice.get(w.deviceId);
    if (list) list.push(w);
    else byDevice.set(w.deviceId, [w]);
  }
  for (const d of toCollect) {
    const since = d.collectSince!.getTime();
    const mine = (byDevice.get(d.id) ?? []).filter((w) => w.requestedAt.getTime() >= since);
    found.set(d.id, mine.length === 0 ? 'none' : mine.some((w) => w.settledAt === null) ? 'pending' : 'done');
  }
  return found;
}
