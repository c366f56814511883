import { and, eq } from 'drizzle-orm';
import { appendAudit, type Db, devicesTable } from '../db/index.js';
import type { ClosedCitizenLoans, DeactivationActor, DeactivationReason } from '../kernel/ports.js';
import { markKioskLoanChanged } from './inventory.js';
import { nextLifecycle, returnMark } from './lifecycle.js';
import type { DeviceActor } from './scoped-device.js';
import { requestWipe } from './wipe.js';

/**
 * A closed citizen can neither call nor be called, so a kiosk still lent to her is a box in her home that does
 * nothing but hold her contacts. Closing her therefore ends the loan as "return" does (the kiosk leaves her, her
 * inactivity count notes it, `device.returned` is audited with why), and, if the box was ever enrolled, asks the
 * same remote wipe as support's "Slet skærmen": credential revoked at once and a `wipe` command in the outbox; the
 * kiosk erases itself at its next connection, or on the broker's refusal (GDPR: nothing of her is left on it).
 * The box is marked `collectSince`, so the kiosk list and Advarsler tell support to fetch it.
 */
export async function endLoansOfClosedCitizen(
  db: Db,
  input: {
    municipalityId: string;
    citizenId: string;
    actor: DeactivationActor;
    reason: DeactivationReason;
    now: Date;
  },
): Promise<{ revokedDeviceIds: string[]; labels: string[] }> {
  const lent = await db
    .select()
    .from(devicesTable)
    .where(
      and(eq(devicesTable.municipalityId, input.municipalityId), eq(devicesTable.citizenId, input.citizenId)),
    );
  const revokedDeviceIds: string[] = [];
  const labels: string[] = [];
  const by: DeviceActor | null =
    input.actor.kind === 'staff' && input.actor.id ? { staffId: input.actor.id, ip: input.actor.ip } : null;
  for (const device of lent) {
    const [returned] = await db
      .update(devicesTable)
      .set({
        citizenId: null,
        lifecycle: nextLifecycle(device.lifecycle, 'return') ?? device.lifecycle,
        collectSince: input.now,
        // Marked as any return (lifecycle.ts); the wipe asked for below clears it again.
        ...(returnMark(device, input.now) ?? {}),
      })
      .where(and(eq(devicesTable.id, device.id), eq(devicesTable.citizenId, input.citizenId)))
      .returning();
    if (!returned) continue;
    labels.push(returned.label);
    await markKioskLoanChanged(db, input.citizenId, input.now);
    await appendAudit(db, {
      municipalityId: input.municipalityId,
      actorKind: input.actor.kind,
      actorId: input.actor.id,
      action: 'device.returned',
      targetKind: 'device',
      targetId: device.id,
      ip: input.actor.ip,
      details: { reason: 'citizen_closed', closedFor: input.reason, toCollect: true },
    });
    // A box lent before it ever enrolled holds nothing to wipe (as requestDeviceReturn at end of service).
    if (returned.lifecycle !== 'enrolled' || !returned.credentialHash) continue;
    await requestWipe(db, {
      municipalityId: input.municipalityId,
      deviceId: device.id,
      afterWipe: 'registered',
      actor: by,
      now: input.now,
    });
    revokedDeviceIds.push(device.id);
  }
  return { revokedDeviceIds, labels };
}

/** The ClosedCitizenLoans port (kernel/ports.ts) over this database and clock; node/ wires it into the Deactivator. */
export const closedCitizenLoans = (db: Db, now: () => Date): ClosedCitizenLoans => ({
  endLoansOf: (municipalityId, citizenId, actor, reason) =>
    endLoansOfClosedCitizen(db, { municipalityId, citizenId, actor, reason, now: now() }),
});
