import { and, eq, isNull } from 'drizzle-orm';
import type { CareDeps } from '../care/deps.js';
import { closeAllRelationsOf } from '../care/relations/end-all.js';
import { revokeCredential } from '../citizens/index.js';
import { citizenCredentialsTable } from '../db/index.js';
import type { DeviceService } from '../devices/service.js';
import type { Deactivator, ServiceEnd } from '../kernel/ports.js';

/**
 * The ServiceEnd port (kernel/ports.ts) from the features' own actions: care closes the relations, the
 * Deactivator disables the citizen (sessions revoked, sockets cut) and each bound browser's credential is
 * revoked (its push subscriptions stop with it), and the device service wipes the kiosk back to stock.
 */
export function createServiceEnd(
  deps: CareDeps & { readonly deactivator: Deactivator; readonly devices: DeviceService },
): ServiceEnd {
  return {
    closeRelations: (municipalityId, citizenId, actor) =>
      closeAllRelationsOf(deps, { municipalityId, citizenId, staffId: actor.staffId, ip: actor.ip }),

    async revokeCredentials(municipalityId, citizenId, actor) {
      await deps.deactivator.disableCitizen(
        municipalityId,
        citizenId,
        { kind: 'staff', id: actor.staffId, ip: actor.ip },
        'service_ended',
      );
      const live = await deps.db.db
        .select({ id: citizenCredentialsTable.id })
        .from(citizenCredentialsTable)
        .where(
          and(eq(citizenCredentialsTable.citizenId, citizenId), isNull(citizenCredentialsTable.revokedAt)),
        );
      const now = new Date(deps.clock.now());
      for (const c of live) await revokeCredential(deps.db.db, citizenId, c.id, now);
      return live.length;
    },

    async requestDeviceReturn(municipalityId, deviceId, actor) {
      const by = { staffId: actor.staffId, ip: actor.ip };
      const device = await deps.devices.show(municipalityId, deviceId, true);
      // A box lent but never enrolled holds nothing to wipe: it only goes back to stock.
      if (device.lifecycle === 'registered') {
        if (device.citizenId) await deps.devices.return(municipalityId, deviceId, by);
        return { status: 'nothing_to_wipe' };
      }
      if (device.lifecycle === 'wiping' || device.lifecycle === 'retired') return { status: 'pending' };
      const outcome = await deps.devices.wipe(municipalityId, deviceId, 'registered', by);
      return { status: outcome.status };
    },
  };
}
