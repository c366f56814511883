import { type Clock, configForSchema } from '@screenvisit/protocol';
import type { Database, Device, DeviceHold } from '../db/index.js';
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
import { issueCode, lendDevice, registerLoanDevice, returnDevice } from './inventory.js';
import { acceptsConfig, nextLifecycle } from './lifecycle.js';

const nextLifecycleAcceptsWipe = (state: Device['lifecycle']) => nextLifecycle(state, 'wipe') !== null;

import type { DeviceLink, DeviceLinkHooks } from './link.js';
import { kiosksWithStaleNightWatchHours } from './night-watch-hours.js';
import { kiosksWithStalePoolPhone } from './pool-phone.js';
import { type DeviceDetail, type DeviceSummary, listDevices, showDevice } from './queries.js';
import { citizenChoices, prepareCommand, type SimpleCommand, setHold } from './remote.js';
import type { DeviceActor } from './scoped-device.js';
import { requestWipe, settleWipe, type WipeSettledBy, type WipeThen } from './wipe.js';

export interface DeviceServiceDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** The broker↔DB link: publishes a command already in the outbox if the kiosk can take it now. */
  readonly link: Pick<DeviceLink, 'send' | 'isReady' | 'subscribe'>;
  /** Whether a broker (this node's, or with two nodes any live node's) holds a session for the device now. */
  isConnected(deviceId: string): boolean | Promise<boolean>;
  /**
   * Two or more nodes (issue 14): tells the other nodes a wipe was settled here, so a support request waiting on
   * another node for the kiosk's ack is answered at once (onSettledElsewhere there). Absent on a single node.
   */
  announceSettled?(wipeId: string, by: WipeSettledBy): void;
  /** Cut the device's live connections (MQTT and calls): the Deactivator's revokeDevice. */
  cut(municipalityId: string, deviceId: string, actor: DeviceActor): Promise<void>;
  /** How long an online kiosk gets to acknowledge a wipe before its connection is cut anyway. */
  readonly wipeAckTimeoutMs: number;
  readonly enrolmentCodeTtlMs: number;
}

export interface WipeOutcome {
  readonly wipeId: string;
  /** acknowledged: the kiosk confirmed it; pending: it was offline or silent and is wiped at its next CONNECT. */
  readonly status: 'acknowledged' | 'settled_by_refusal' | 'pending';
  readonly deviceWasOnline: boolean;
}

/**
 * Support's device management (issue 6 items 6-8) behind the routes, plus the hooks the DeviceLink and the
 * broker call. INVARIANT of the online wipe: the waiter for the ack is registered BEFORE the command is
 * published, so an ack that beats the publish's promise is never missed; the connection is cut only after
 * the ack or the timeout, never before (the credential itself is revoked at once, in requestWipe).
 */
export function createDeviceService(deps: DeviceServiceDeps): DeviceService {
  const { clock, log } = deps;
  const db = deps.db.db;
  const now = () => new Date(clock.now());
  const waiters = new Map<string, (by: WipeSettledBy) => void>();

  const settled = async (deviceId: string, by: WipeSettledBy, wipeId?: string) => {
    const row = await settleWipe(db, { deviceId, by, now: now(), ...(wipeId ? { wipeId } : {}) });
    if (!row) return;
    log.info({ deviceId, wipeId: row.id, by }, 'wipe settled');
    waiters.get(row.id)?.(by);
    deps.announceSettled?.(row.id, by);
  };

  const waitForSettlement = (wipeId: string): Promise<WipeSettledBy | 'timeout'> =>
    new Promise((resolve) => {
      const timer = clock.setTimeout(() => {
        waiters.delete(wipeId);
        resolve('timeout');
      }, deps.wipeAckTimeoutMs);
      waiters.set(wipeId, (by) => {
        clock.clearTimeout(timer);
        waiters.delete(wipeId);
        resolve(by);
      });
    });

  /** A new config version whenever who the device serves changes, so its contacts follow the loan. */
  const refreshContacts = async (device: Device, actor: DeviceActor) => {
    if (!device.credentialHash || !acceptsConfig(device.lifecycle)) return;
    await service.pushConfig(device.municipalityId, device.id, {}, actor);
  };

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

  const service: DeviceService = {
    register: (municipalityId: string, label: string, actor: DeviceActor) =>
      registerLoanDevice(db, { municipalityId, label, actor }),

    list: (municipalityId: string, personal: boolean): Promise<DeviceSummary[]> =>
      listDevices(db, municipalityId, personal),

    show: (municipalityId: string, deviceId: string, personal: boolean): Promise<DeviceDetail> =>
      showDevice(db, municipalityId, deviceId, personal),

    enrolmentCode: (municipalityId: string, deviceId: string, actor: DeviceActor) =>
      issueCode(db, { municipalityId, deviceId, actor, ttlMs: deps.enrolmentCodeTtlMs, now: now() }),

    async lend(municipalityId: string, deviceId: string, citizenId: string, actor: DeviceActor) {
      const device = await lendDevice(db, { municipalityId, deviceId, citizenId, actor, now: now() });
      await refreshContacts(device, actor);
      return device;
    },

    async return(municipalityId: string, deviceId: string, actor: DeviceActor) {
      const device = await returnDevice(db, { municipalityId, deviceId, actor, now: now() });
      await refreshContacts(device, actor);
      return device;
    },

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

    /**
     * Revoke + enqueue (one transaction), publish, wait for the ack up to wipeAckTimeoutMs, then cut.
     * An offline kiosk is not waited for: the broker refuses it at its next CONNECT and onRefused settles it.
     */
    async wipe(
      municipalityId: string,
      deviceId: string,
      afterWipe: WipeThen,
      actor: DeviceActor,
    ): Promise<WipeOutcome> {
      const { wipeId, command } = await requestWipe(db, {
        municipalityId,
        deviceId,
        afterWipe,
        actor,
        now: now(),
      });
      const online = await deps.isConnected(deviceId);
      log.info({ deviceId, wipeId, online }, 'wipe requested');
      let status: WipeOutcome['status'] = 'pending';
      if (online) {
        const outcome = waitForSettlement(wipeId);
        await deps.link.send(deviceId, command);
        const by = await outcome;
        if (by === 'ack') status = 'acknowledged';
        else if (by === 'refusal') status = 'settled_by_refusal';
        else
          log.warn({ deviceId, wipeId }, 'no wipe ack in time: cutting; it is wiped at its next connection');
      } else {
        await deps.link.send(deviceId, command);
      }
      await deps.cut(municipalityId, deviceId, actor);
      return { wipeId, status, deviceWasOnline: online };
    },

    /** Durable first (outbox), then published if the kiosk is online; the outcome shows in recentCommands. */
    async command(municipalityId, deviceId, kind, actor, seconds) {
      const command = await prepareCommand(db, {
        municipalityId,
        deviceId,
        kind,
        actor,
        now: now(),
        ...(seconds === undefined ? {} : { seconds }),
      });
      await deps.link.send(deviceId, command);
      log.info({ deviceId, commandId: command.id, type: kind }, 'device command queued');
      return { commandId: command.id, deviceWasOnline: await deps.isConnected(deviceId) };
    },

    /**
     * Lost: the loan ends and the box is wiped (credential revoked now; it erases itself if it ever connects).
     * A `registered` box holds no live credential (never enrolled, or wiped already): nothing to wipe, so it is
     * only marked (a box lost from the shelf before enrolment was refused with "never enrolled: nothing to
     * wipe", seen on the suptour walk). In repair: the loan ends, nothing is erased. null: back in service.
     */
    async hold(municipalityId: string, deviceId: string, heldAs: DeviceHold | null, actor: DeviceActor) {
      let device = await service.show(municipalityId, deviceId, true);
      if (heldAs && device.lent) await service.return(municipalityId, deviceId, actor);
      if (
        heldAs === 'lost' &&
        device.lifecycle !== 'registered' &&
        nextLifecycleAcceptsWipe(device.lifecycle)
      ) {
        await service.wipe(municipalityId, deviceId, 'registered', actor);
      }
      await setHold(db, { municipalityId, deviceId, heldAs, actor, now: now() });
      device = await service.show(municipalityId, deviceId, true);
      return device;
    },

    citizens: (municipalityId: string, q: string, exact = false) =>
      citizenChoices(db, municipalityId, q, exact),

    /** The broker's DeviceAuthenticator.onRefused: a revoked kiosk with a pending wipe wipes itself now. */
    onRefused(deviceId: string, why: string): void {
      if (why !== 'revoked') return;
      settled(deviceId, 'refusal').catch((error: unknown) =>
        log.error({ err: error, deviceId }, 'could not settle the wipe by refusal'),
      );
    },

    onSettledElsewhere(wipeId: string, by: WipeSettledBy): void {
      waiters.get(wipeId)?.(by);
    },

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
      async onCommandAcked({ deviceId, command }) {
        // Whatever the status: the kiosk had the command and its credential is revoked either way.
        // The outbox row's id is the command's (outbox.ts enqueueCommand).
        if (command.type === 'wipe') await settled(deviceId, 'ack', command.id);
      },
    } satisfies DeviceLinkHooks,
  };
  // Config acks are booked in the link's ack batch; other first acks reach the service in the device's order.
  deps.link.subscribe(service.hooks);
  return service;
}

/** Support's device management, as the routes and the node see it (an interface, not the factory's type). */
export interface DeviceService {
  register(municipalityId: string, label: string, actor: DeviceActor): Promise<Device>;
  list(municipalityId: string, personal: boolean): Promise<DeviceSummary[]>;
  show(municipalityId: string, deviceId: string, personal: boolean): Promise<DeviceDetail>;
  enrolmentCode(
    municipalityId: string,
    deviceId: string,
    actor: DeviceActor,
  ): Promise<{ code: string; expiresAt: Date }>;
  lend(municipalityId: string, deviceId: string, citizenId: string, actor: DeviceActor): Promise<Device>;
  return(municipalityId: string, deviceId: string, actor: DeviceActor): Promise<Device>;
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
  wipe(
    municipalityId: string,
    deviceId: string,
    afterWipe: WipeThen,
    actor: DeviceActor,
  ): Promise<WipeOutcome>;
  command(
    municipalityId: string,
    deviceId: string,
    kind: SimpleCommand['type'],
    actor: DeviceActor,
    seconds?: number,
  ): Promise<{ commandId: string; deviceWasOnline: boolean }>;
  hold(
    municipalityId: string,
    deviceId: string,
    heldAs: DeviceHold | null,
    actor: DeviceActor,
  ): Promise<DeviceDetail>;
  citizens(
    municipalityId: string,
    q: string,
    exact?: boolean,
  ): Promise<{ id: string; displayName: string; deviceLabel: string | null; units: string[]; ref: string }[]>;
  /** The broker's `refused` event: a revoked kiosk with a pending wipe wipes itself now. */
  onRefused(deviceId: string, why: string): void;
  /** Another node settled this wipe (its kiosk's ack or refusal arrived there): answer a wait for it here. */
  onSettledElsewhere(wipeId: string, by: WipeSettledBy): void;
  readonly hooks: DeviceLinkHooks;
}
