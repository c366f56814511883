import type { Clock } from '@screenvisit/protocol';
import { and, eq, isNull } from 'drizzle-orm';
import { revokeAllSessions } from '../auth/session-store.js';
import {
  appendAudit,
  citizensTable,
  type Database,
  devicesTable,
  revokeDeviceCredential,
  staffTable,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { Logger } from '../kernel/logger.js';
import type {
  ClosedCitizenLoans,
  DeactivationActor,
  DeactivationOutcome,
  DeactivationReason,
  Deactivator,
} from '../kernel/ports.js';
import type { ConnectionOwner } from '../realtime/registry.js';

/** RFC 6455 §7.4.2: 4000-4999 are ours. 4001 tells the client "your access ended; do not reconnect". */
export const CLOSE_ACCESS_ENDED = 4001;

export type {
  DeactivationActor,
  DeactivationOutcome,
  DeactivationReason,
  Deactivator,
} from '../kernel/ports.js';

export interface DeactivatorDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly connections: { closeConnectionsOf(owner: ConnectionOwner, code: number, reason: string): number };
  readonly devices: { disconnectDevice(deviceId: string): void };
  /** Closing a citizen ends her kiosk loan (devices/closed-citizen-loan.ts); absent: kiosks are left alone. */
  readonly loans?: ClosedCitizenLoans;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createDeactivator(deps: DeactivatorDeps): Deactivator {
  const { db, log } = deps;

  async function disableSubject(
    kind: 'staff' | 'citizen',
    municipalityId: string,
    id: string,
    actor: DeactivationActor,
    reason: DeactivationReason,
  ): Promise<DeactivationOutcome> {
    if (!UUID.test(id)) throw AppError.notFound(kind === 'staff' ? 'Staff member' : 'Citizen');
    const table = kind === 'staff' ? staffTable : citizensTable;
    const now = new Date(deps.clock.now());
    const [row] = await db.db
      .select({ id: table.id, disabledAt: table.disabledAt })
      .from(table)
      .where(and(eq(table.id, id), eq(table.municipalityId, municipalityId)));
    if (!row) throw AppError.notFound(kind === 'staff' ? 'Staff member' : 'Citizen');
    const changed =
      (
        await db.db
          .update(table)
          .set({ disabledAt: now })
          .where(and(eq(table.id, id), isNull(table.disabledAt)))
          .returning({ id: table.id })
      ).length > 0;
    const sessions = await revokeAllSessions(db.db, { kind, id }, `disabled:${reason}`, now);
    const closed = deps.connections.closeConnectionsOf({ kind, id }, CLOSE_ACCESS_ENDED, 'account disabled');
    // After her own access: a kiosk lent to a closed citizen can neither call nor be called, so the loan ends,
    // the box is wiped and support is told to fetch it. Repeated closes find no loan left (idempotent).
    const loans =
      kind === 'citizen' && deps.loans
        ? await deps.loans.endLoansOf(municipalityId, id, actor, reason)
        : { revokedDeviceIds: [], labels: [] };
    for (const deviceId of loans.revokedDeviceIds) {
      // Revoked first (in endLoansOf), then cut: its reconnect is refused and the kiosk wipes itself.
      deps.devices.disconnectDevice(deviceId);
      deps.connections.closeConnectionsOf({ kind: 'device', id: deviceId }, CLOSE_ACCESS_ENDED, 'loan ended');
    }
    if (changed) {
      await appendAudit(db.db, {
        municipalityId,
        actorKind: actor.kind,
        actorId: actor.id,
        action: `${kind}.disabled`,
        targetKind: kind,
        targetId: id,
        ip: actor.ip,
        details: {
          reason,
          sessionsRevoked: sessions.length,
          connectionsClosed: closed,
          ...(kind === 'citizen' ? { kiosksToCollect: loans.labels.length } : {}),
        },
      });
    }
    log.info(
      { kind, id, reason, sessions: sessions.length, closed, kiosks: loans.labels.length },
      'access ended',
    );
    return {
      changed,
      sessionsRevoked: sessions.length,
      connectionsClosed: closed,
      kiosksToCollect: loans.labels,
    };
  }

  return {
    disableStaff: (m, id, actor, reason) => disableSubject('staff', m, id, actor, reason),
    disableCitizen: (m, id, actor, reason) => disableSubject('citizen', m, id, actor, reason),

    async revokeDevice(municipalityId, deviceId, actor, reason) {
      if (!UUID.test(deviceId)) throw AppError.notFound('Device');
      const [device] = await db.db
        .select({ id: devicesTable.id })
        .from(devicesTable)
        .where(and(eq(devicesTable.id, deviceId), eq(devicesTable.municipalityId, municipalityId)));
      if (!device) throw AppError.notFound('Device');
      const now = new Date(deps.clock.now());
      // Revoke first, then cut: a reconnect racing the cut already meets the revoked credential.
      const changed = await revokeDeviceCredential(db.db, deviceId, { now });
      deps.devices.disconnectDevice(deviceId);
      const closed = deps.connections.closeConnectionsOf(
        { kind: 'device', id: deviceId },
        CLOSE_ACCESS_ENDED,
        'device revoked',
      );
      if (changed) {
        await appendAudit(db.db, {
          municipalityId,
          actorKind: actor.kind,
          actorId: actor.id,
          action: 'device.credential_revoked',
          targetKind: 'device',
          targetId: deviceId,
          ip: actor.ip,
          details: { reason },
        });
      }
      log.info({ deviceId, reason }, 'device access ended');
      return { changed, sessionsRevoked: 0, connectionsClosed: closed, kiosksToCollect: [] };
    },
  };
}
