import { type Clock, configForSchema } from '@screenvisit/protocol';
import type { Database } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import {
  type BulkPushResult,
  type BulkReach,
  type BulkScope,
  previewConfigPush,
  pushConfigToAll,
} from './bulk-config.js';
import {
  type ConfigChanges,
  type PushedConfig,
  recordConfigAcks,
  targetForSchemaChange,
  writeConfigVersion,
} from './config-push.js';
import type { DeviceLink, DeviceLinkHooks } from './link-types.js';
import { kiosksWithStaleNightWatchHours } from './night-watch-hours.js';
import { kiosksWithStalePoolPhone } from './pool-phone.js';
import type { DeviceActor } from './scoped-device.js';

/** What the config pushes need of the service's deps (service.ts DeviceServiceDeps). */
export interface DeviceConfigDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly link: Pick<DeviceLink, 'send' | 'isReady'>;
}

/** Device management's config pushes: one kiosk, the cloud's own derived pushes, bulk (service.ts). */
export interface DeviceConfigActions {
  pushConfig(
    municipalityId: string,
    deviceId: string,
    changes: ConfigChanges,
    actor: DeviceActor,
  ): Promise<PushedConfig>;
  poolPhoneChanged(municipalityId: string, poolUnitId: string, actor: DeviceActor): Promise<number>;
  /** Every municipality's kiosks with a stale pool number get a new version; how many did. */
  reconcilePoolPhones(): Promise<number>;
  nightWatchHoursChanged(municipalityId: string, citizenIds: readonly string[]): Promise<number>;
  /** Every municipality's kiosks whose pushed lamp hours are not their resident's now get a new version; how many did. */
  reconcileNightWatchHours(): Promise<number>;
  previewConfigToAll(municipalityId: string, scope: BulkScope): Promise<BulkReach>;
  pushConfigToAll(
    municipalityId: string,
    scope: BulkScope,
    changes: ConfigChanges,
    actor: DeviceActor,
  ): Promise<BulkPushResult>;
}

/**
 * The config half of createDeviceService: durable first (a version and its outbox row in one transaction),
 * then published through the link; and the link hooks that book config acks and follow a changed config schema.
 */
export function createDeviceConfigActions(deps: DeviceConfigDeps): {
  actions: DeviceConfigActions;
  hooks: Required<Pick<DeviceLinkHooks, 'onCommandsAcked' | 'onConfigSchemaChanged'>>;
} {
  const { clock, log } = deps;
  const db = deps.db.db;
  const now = () => new Date(clock.now());

  /** `actor` null: the system itself (the start's pool-number reconciliation), as writeConfigVersion records it. */
  async function pushVersion(
    municipalityId: string,
    deviceId: string,
    changes: ConfigChanges,
    actor: DeviceActor | null,
  ): Promise<PushedConfig> {
    const { pushed, command } = await writeConfigVersion(db, {
      municipalityId,
      deviceId,
      changes,
      actor,
      now: now(),
    });
    await deps.link.send(deviceId, command);
    log.info({ deviceId, version: pushed.version, commandId: pushed.commandId }, 'config pushed');
    return pushed;
  }

  /** A push of the cloud's own (a derived field changed) to kiosks it chose: the bulk writer, `devices` scope. */
  const pushDerived = (municipalityId: string, deviceIds: string[], actor: DeviceActor | null) =>
    pushConfigToAll(db, {
      municipalityId,
      scope: { kind: 'devices', deviceIds },
      changes: {},
      actor,
      now: now(),
      send: (deviceId, command, options) => deps.link.send(deviceId, command, options),
      isReady: (deviceId) => deps.link.isReady(deviceId),
    });

  async function pushPoolPhones(
    municipalityId: string | null,
    actor: DeviceActor | null,
    context: { poolUnitId?: string },
  ): Promise<number> {
    // A central night watch's new number reaches every kiosk that calls on to it, and the save that changed it
    // waits for this.
    return pushByMunicipality(
      await kiosksWithStalePoolPhone(db, municipalityId),
      actor,
      (error, home, kiosks) =>
        log.warn(
          { err: error, municipalityId: home, kiosks, ...context },
          'could not push the pool number to the kiosks',
        ),
    );
  }

  /**
   * One bulk push per municipality (the outbox written in batches, bulk-config.ts), not one transaction per kiosk.
   * A municipality whose push fails is told to `failed`; the others still get theirs. Returns how many kiosks did.
   */
  async function pushByMunicipality(
    stale: readonly { deviceId: string; municipalityId: string }[],
    actor: DeviceActor | null,
    failed: (error: unknown, municipalityId: string, kiosks: number) => void,
  ): Promise<number> {
    const byMunicipality = new Map<string, string[]>();
    for (const kiosk of stale) {
      const ids = byMunicipality.get(kiosk.municipalityId) ?? [];
      ids.push(kiosk.deviceId);
      byMunicipality.set(kiosk.municipalityId, ids);
    }
    let pushed = 0;
    for (const [home, deviceIds] of byMunicipality) {
      try {
        pushed += (await pushDerived(home, deviceIds, actor)).devices;
      } catch (error) {
        failed(error, home, deviceIds.length);
      }
    }
    return pushed;
  }

  const actions: DeviceConfigActions = {
    /** Durable first (version + outbox in one transaction), then published if the kiosk is online. */
    pushConfig: (municipalityId, deviceId, changes, actor) =>
      pushVersion(municipalityId, deviceId, changes, actor),

    /**
     * A pool's night-watch settings changed: every kiosk of the municipality whose pushed switchboard number is no
     * longer the one its pool chain ends with gets a new version (pool-phone.ts). One kiosk failing is logged.
     */
    poolPhoneChanged: (municipalityId, poolUnitId, actor) =>
      pushPoolPhones(municipalityId, actor, { poolUnitId }),

    /**
     * At the cloud's start, every municipality: kiosks whose config was pushed before the number followed the
     * pool chain (or while a push failed) get it now, by the system, without anyone saving a pool.
     */
    reconcilePoolPhones: () => pushPoolPhones(null, null, {}),

    /**
     * Residents' night-watch hours may have changed (a permission, a relation, a pool's coverage, an access review):
     * the kiosks lent to them whose pushed hours differ from their hours now get a new version, in one bulk push
     * (night-watch-hours.ts kiosksWithStaleNightWatchHours). A failing push throws: the caller logs it.
     */
    async nightWatchHoursChanged(municipalityId, citizenIds) {
      if (citizenIds.length === 0) return 0;
      const stale = await kiosksWithStaleNightWatchHours(db, { municipalityId, citizenIds }, now());
      if (stale.length === 0) return 0;
      return (
        await pushDerived(
          municipalityId,
          stale.map((k) => k.deviceId),
          null,
        )
      ).devices;
    },

    /**
     * At the cloud's start, every municipality: kiosks whose pushed hours are not their resident's now (the cloud
     * stopped between a change and its push, a push failed, or a new rule derives them otherwise) get them now.
     */
    async reconcileNightWatchHours() {
      const stale = await kiosksWithStaleNightWatchHours(db, null, now());
      return pushByMunicipality(stale, null, (error, home, kiosks) =>
        log.warn(
          { err: error, municipalityId: home, kiosks },
          'could not push the night-watch hours to the kiosks',
        ),
      );
    },

    /** Read only: how many kiosks pushConfigToAll would reach now, in use and not (the question before it). */
    previewConfigToAll: (municipalityId, scope) =>
      previewConfigPush(db, { municipalityId, scope, now: now() }),

    /** Issue 14: every kiosk of the municipality or a unit, the outbox written in batches, one call. */
    async pushConfigToAll(municipalityId, scope, changes, actor) {
      const result = await pushConfigToAll(db, {
        municipalityId,
        scope,
        changes,
        actor,
        now: now(),
        send: (deviceId, command, options) => deps.link.send(deviceId, command, options),
        isReady: (deviceId) => deps.link.isReady(deviceId),
        onRetry: (error, attempt) =>
          log.warn(
            { err: error, municipalityId, attempt },
            'bulk config batch rolled back by PostgreSQL: running it again',
          ),
      });
      log.info({ municipalityId, scope: scope.kind, ...result }, 'config pushed in bulk');
      return result;
    },
  };

  return {
    actions,
    hooks: {
      async onCommandsAcked(tx, acked) {
        await recordConfigAcks(
          tx,
          // A config.apply always carries its version (protocol DeviceCommand); the settle reads it for us.
          acked.flatMap(({ deviceId, command, ack, at }) =>
            command.type === 'config.apply' && command.version !== null
              ? [{ deviceId, command: { id: command.id, version: command.version }, ack, at }]
              : [],
          ),
        );
      },
      /**
       * The kiosk's software now understands more (or less) of its config: it gets its target again, as a new
       * version shaped for what it reported, when what it may run differs from that. Once per upgrade or rollback,
       * not per connect. Not when the target still waits in the outbox of a kiosk that reported before
       * subscribing (the flush after this sends it shaped for `to`); again when it was refused.
       */
      async onConfigSchemaChanged({ deviceId, from, to, reported }) {
        const target = await targetForSchemaChange(db, deviceId);
        if (!target) return;
        const differs =
          JSON.stringify(configForSchema(target.config, from)) !==
          JSON.stringify(configForSchema(target.config, to));
        const again = target.pending ? !reported && differs : target.appliedAt === null || differs;
        if (!again) return;
        log.info(
          { deviceId, from, to, version: target.version },
          'pushing the target again for a new config schema',
        );
        // Not awaited: the link calls this in the device's chain, and the push is sent through that chain.
        void pushVersion(target.municipalityId, deviceId, {}, null).catch((error: unknown) =>
          log.warn({ err: error, deviceId }, 'could not push the target again for a new config schema'),
        );
      },
    },
  };
}
