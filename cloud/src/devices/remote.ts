import { randomUUID } from 'node:crypto';
import type { DeviceCommand } from '@screenvisit/protocol';
import { and, asc, eq, ilike, isNull, or } from 'drizzle-orm';
import {
  appendAudit,
  citizenRef,
  citizensTable,
  citizenUnitNames,
  type Db,
  type DeviceHold,
  devicesTable,
  enqueueCommand,
  hasCitizenRef,
  refInQuery,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import { type DeviceActor, deviceOf } from './scoped-device.js';

/**
 * Support's remote actions that are one command each (identify, restart), support's marks on a box (lost, in
 * repair), and the citizen picker the lend dialog uses. Used by: routes.ts through the DeviceService.
 */

export type SimpleCommand = Extract<DeviceCommand, { type: 'identify' | 'restart' }>;

/** A command of the given kind, checked against the device's state; written to the outbox with its audit line; the caller publishes it. */
export async function prepareCommand(
  db: Db,
  input: {
    municipalityId: string;
    deviceId: string;
    kind: SimpleCommand['type'];
    seconds?: number;
    actor: DeviceActor;
    now: Date;
  },
): Promise<SimpleCommand> {
  const device = await deviceOf(db, input.municipalityId, input.deviceId);
  if (!device.credentialHash || device.credentialRevokedAt) {
    throw AppError.conflict('This device is not enrolled (or is wiped), so it cannot receive commands.');
  }
  const base = { v: 1 as const, id: randomUUID(), issuedAt: input.now.toISOString() };
  const command: SimpleCommand =
    input.kind === 'identify'
      ? { ...base, type: 'identify', seconds: input.seconds ?? 30 }
      : { ...base, type: 'restart' };
  // The command and its audit line are one transaction: the outbox holds it until the kiosk acknowledges it
  // (one write per command; the caller then publishes it with DeviceLink.send).
  await db.transaction(async (tx) => {
    await enqueueCommand(tx, device.id, command);
    await appendAudit(tx, {
      municipalityId: input.municipalityId,
      actorKind: 'staff',
      actorId: input.actor.staffId,
      action: `device.${input.kind}_requested`,
      targetKind: 'device',
      targetId: device.id,
      ip: input.actor.ip,
      details: { commandId: command.id },
    });
  });
  return command;
}

/** Used by: POST /api/devices/{id}/hold. Sets or clears the mark; the service does the loan and the wipe. */
export async function setHold(
  db: Db,
  input: {
    municipalityId: string;
    deviceId: string;
    heldAs: DeviceHold | null;
    actor: DeviceActor;
    now: Date;
  },
) {
  const device = await deviceOf(db, input.municipalityId, input.deviceId);
  const [updated] = await db
    .update(devicesTable)
    .set({
      heldAs: input.heldAs,
      heldSince: input.heldAs ? input.now : null,
      // A box lost before it enrolled takes its pending enrolment code with it: whoever finds it (or the code's
      // letter) must not be able to enrol it into the municipality (suptour walk: lost-before-setup kept its code).
      ...(input.heldAs === 'lost' ? { enrolmentCodeHash: null, enrolmentExpiresAt: null } : {}),
    })
    .where(eq(devicesTable.id, device.id))
    .returning();
  await appendAudit(db, {
    municipalityId: input.municipalityId,
    actorKind: 'staff',
    actorId: input.actor.staffId,
    action: input.heldAs ? `device.marked_${input.heldAs}` : 'device.back_in_service',
    targetKind: 'device',
    targetId: device.id,
    ip: input.actor.ip,
    details: { before: device.heldAs },
  });
  return updated!;
}

/**
 * Used by: GET /api/devices/citizens. Citizens of the caller's municipality whose name contains `q` (or whose ref it is), with the
 * label of the device they already have (one loan device per citizen), and what tells namesakes apart (their
 * units and short ref, as the people search shows them). A small picker of the devices feature's own, until the
 * people search (issue 12 §1) carries the device label; then the lend dialog can use that instead.
 */
export async function citizenChoices(db: Db, municipalityId: string, q: string, exact = false) {
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  // exact: the whole name, any case (ILIKE without a wildcard), for the support CLI's lend by name.
  const pattern = exact ? escaped : `%${escaped}%`;
  // The ref shown for namesakes finds its citizen too (db/repos/citizen-labels.ts), except for a whole name.
  const ref = exact ? null : refInQuery(q);
  const rows = await db
    .select({
      id: citizensTable.id,
      displayName: citizensTable.displayName,
      deviceLabel: devicesTable.label,
    })
    .from(citizensTable)
    .leftJoin(devicesTable, eq(devicesTable.citizenId, citizensTable.id))
    .where(
      and(
        eq(citizensTable.municipalityId, municipalityId),
        isNull(citizensTable.disabledAt),
        ref
          ? or(ilike(citizensTable.displayName, pattern), hasCitizenRef(ref))
          : ilike(citizensTable.displayName, pattern),
      ),
    )
    .orderBy(asc(citizensTable.displayName))
    .limit(20);
  const units = await citizenUnitNames(
    db,
    municipalityId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    deviceLabel: r.deviceLabel ?? null,
    units: units.get(r.id) ?? [],
    ref: citizenRef(r.id),
  }));
}
