import { randomUUID } from 'node:crypto';
import type { DeviceCommand } from '@screenvisit/protocol';
import { and, desc, eq, isNull } from 'drizzle-orm';
import {
  appendAudit,
  type Db,
  deviceCommandsTable,
  devicesTable,
  deviceWipesTable,
  enqueueCommand,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import { markKioskLoanChanged } from './inventory.js';
import { CLEARED_RETURN, holdsSomethingToWipe, nextLifecycle } from './lifecycle.js';
import { type DeviceActor, lockDevice } from './scoped-device.js';

export type WipeThen = 'registered' | 'retired';
export type WipeSettledBy = 'ack' | 'refusal';
export type WipeRow = typeof deviceWipesTable.$inferSelect;

/**
 * Step 1 of a remote wipe (issue 6 item 7), in ONE transaction: the credential is revoked AT ONCE (a reconnect
 * from now on is refused with CONNACK 5), the device leaves its citizen and enters `wiping`, and the `wipe`
 * command is written to the outbox, where it stays until the kiosk acknowledges it or is refused.
 * A live MQTT connection is NOT cut here: the broker checked the credential at CONNECT, so an online kiosk can
 * still receive the command and acknowledge it; wipe-flow.ts cuts it afterwards.
 */
export async function requestWipe(
  db: Db,
  input: {
    municipalityId: string;
    deviceId: string;
    afterWipe: WipeThen;
    /** null: the system (closing an inactive citizen ends her loan, devices/closed-citizen-loan.ts). */
    actor: DeviceActor | null;
    now: Date;
  },
): Promise<{ wipeId: string; command: DeviceCommand }> {
  return db.transaction(async (tx) => {
    const device = await lockDevice(tx, input.municipalityId, input.deviceId);
    if (device.lifecycle === 'wiping') throw AppError.conflict('A wipe of this device is already pending.');
    if (device.lifecycle === 'retired') throw AppError.conflict('This device is retired.');
    // Both refusals above are the states the lifecycle table's `wipe` row leaves out (lifecycle.ts).
    if (!device.credentialHash) {
      throw AppError.conflict('This device was never enrolled: there is nothing on it to wipe.');
    }
    if (!holdsSomethingToWipe(device)) {
      throw AppError.conflict(
        'This device was wiped already and not enrolled since: there is nothing on it to wipe.',
      );
    }
    const command: DeviceCommand = {
      v: 1,
      id: randomUUID(),
      issuedAt: input.now.toISOString(),
      type: 'wipe',
    };
    await tx.insert(deviceWipesTable).values({
      id: command.id,
      deviceId: device.id,
      thenLifecycle: input.afterWipe,
      requestedByStaffId: input.actor?.staffId ?? null,
      requestedAt: input.now,
    });
    await tx
      .update(devicesTable)
      .set({
        lifecycle: nextLifecycle(device.lifecycle, 'wipe') ?? 'wiping',
        citizenId: null,
        enrolmentCodeHash: null,
        enrolmentExpiresAt: null,
        credentialRevokedAt: device.credentialRevokedAt ?? input.now,
        // Asked to erase: nobody's data stays on it, so a returned box may go to anyone once it is enrolled again.
        ...CLEARED_RETURN,
      })
      .where(eq(devicesTable.id, device.id));
    // Wiping a lent kiosk takes it from its citizen: the same as taking it back, for her inactivity count.
    if (device.citizenId) await markKioskLoanChanged(tx, device.citizenId, input.now);
    await enqueueCommand(tx, device.id, command);
    const audit = {
      municipalityId: input.municipalityId,
      actorKind: input.actor ? 'staff' : 'system',
      actorId: input.actor?.staffId ?? null,
      targetKind: 'device',
      targetId: device.id,
      ip: input.actor?.ip ?? null,
    } as const;
    await appendAudit(tx, {
      ...audit,
      action: 'device.wipe_requested',
      details: { commandId: command.id, afterWipe: input.afterWipe },
    });
    if (!device.credentialRevokedAt) {
      await appendAudit(tx, { ...audit, action: 'device.credential_revoked', details: { reason: 'wipe' } });
    }
    return { wipeId: command.id, command };
  });
}

/**
 * Closes a pending wipe, once: by the kiosk's ack, or by the broker refusing the revoked credential at CONNECT
 * (the kiosk wipes itself on that refusal, MQTT 3.1.1 §3.2.2.3 code 5). A refusal also settles the outbox entry,
 * so a kiosk re-enrolled later never receives the stale wipe. Returns null when nothing was pending.
 */
export async function settleWipe(
  db: Db,
  input: { deviceId: string; wipeId?: string; by: WipeSettledBy; now: Date },
): Promise<WipeRow | null> {
  return db.transaction(async (tx) => {
    const [pending] = await tx
      .select()
      .from(deviceWipesTable)
      .where(
        and(
          eq(deviceWipesTable.deviceId, input.deviceId),
          isNull(deviceWipesTable.settledAt),
          ...(input.wipeId ? [eq(deviceWipesTable.id, input.wipeId)] : []),
        ),
      )
      .orderBy(desc(deviceWipesTable.requestedAt))
      .limit(1)
      .for('update');
    if (!pending) return null;
    const [settled] = await tx
      .update(deviceWipesTable)
      .set({ settledAt: input.now, settledBy: input.by })
      .where(eq(deviceWipesTable.id, pending.id))
      .returning();
    if (input.by === 'refusal') {
      await tx
        .update(deviceCommandsTable)
        .set({
          ackedAt: input.now,
          ackStatus: 'applied',
          ackReason: 'settled by refusal at CONNECT (CONNACK 5)',
        })
        .where(and(eq(deviceCommandsTable.id, pending.id), isNull(deviceCommandsTable.ackedAt)));
    }
    const [device] = await tx
      .update(devicesTable)
      .set({ lifecycle: pending.thenLifecycle, online: false, state: null, configVersion: 0 })
      .where(and(eq(devicesTable.id, input.deviceId), eq(devicesTable.lifecycle, 'wiping')))
      .returning({ municipalityId: devicesTable.municipalityId });
    await appendAudit(tx, {
      municipalityId: device?.municipalityId ?? null,
      actorKind: input.by === 'ack' ? 'device' : 'system',
      actorId: input.by === 'ack' ? input.deviceId : null,
      action: 'device.wipe_settled',
      targetKind: 'device',
      targetId: input.deviceId,
      details: { commandId: pending.id, by: input.by, lifecycle: pending.thenLifecycle },
    });
    return settled ?? null;
  });
}

export async function pendingWipe(db: Db, deviceId: string): Promise<WipeRow | null> {
  const [row] = await db
    .select()
    .from(deviceWipesTable)
    .where(and(eq(deviceWipesTable.deviceId, deviceId), isNull(deviceWipesTable.settledAt)))
    .orderBy(desc(deviceWipesTable.requestedAt))
    .limit(1);
  return row ?? null;
}
