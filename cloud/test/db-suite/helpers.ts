import { randomUUID } from 'node:crypto';
import type { DeviceCommand } from '@screenvisit/protocol';
import type { Db } from '../../src/db/database.js';
import { municipalitiesTable } from '../../src/db/schema/index.js';

export const T0 = new Date('2030-03-01T08:00:00Z');
export const MINUTE = 60_000;
export const at = (ms: number) => new Date(T0.getTime() + ms);

export async function newMunicipality(db: Db, name = 'Testkommune'): Promise<string> {
  const [row] = await db.insert(municipalitiesTable).values({ name }).returning();
  return row!.id;
}

export function identify(seconds = 5): DeviceCommand {
  return { v: 1, id: randomUUID(), issuedAt: T0.toISOString(), type: 'identify', seconds };
}
