import type { Clock } from '@screenvisit/protocol';
import type { Database, Device, DeviceHold } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import { issueCode, lendDevice, registerLoanDevice, returnDevice } from './inventory.js';
import { acceptsConfig, nextLifecycle } from './lifecycle.js';
import type { DeviceLink, DeviceLinkHooks } from './link-types.js';
import { type DeviceDetail, type DeviceSummary, listDevices, showDevice } from './queries.js';
import { citizenChoices, prepareCommand, type SimpleCommand, setHold } from './remote.js';
import type { DeviceActor } from './scoped-device.js';
import { createDeviceConfigActions, type DeviceConfigActions } from './service-config.js';
import { createDeviceWipeActions, type DeviceWipeActions } from './service-wipe.js';
import type { WipeSettledBy } from './wipe.js';

export type { WipeOutcome } from './service-wipe.js';

const nextLifecycleAcceptsWipe = (state: Device['lifecycle']) => nextLifecycle(state, 'wipe') !== null;

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

/**
 * Support's device management (issue 6 items 6-8) behind the routes, plus the hooks the DeviceLink and the
 * broker call: the inventory and remote commands here, config pushes in service-config.ts, the remote wipe (and
 * its INVARIANT) in service-wipe.ts.
 */
export function createDeviceService(deps: DeviceServiceDeps): DeviceService {
  const { clock, log } = deps;
  const db = deps.db.db;
  const now = () => new Date(clock.now());
  const config = createDeviceConfigActions(deps);
  const wipes = createDeviceWipeActions(deps);

  /** A new config version whenever who the device serves changes, so its contacts follow the loan. */
  const refreshContacts = async (device: Device, actor: DeviceActor) => {
    if (!device.credentialHash || !acceptsConfig(device.lifecycle)) return;
    await service.pushConfig(device.municipalityId, device.id, {}, actor);
  };

  const service: DeviceService = {
    ...config.actions,
    ...wipes.actions,

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

    hooks: {
      ...config.hooks,
      ...wipes.hooks,
    } satisfies DeviceLinkHooks,
  };
  // Config acks are booked in the link's ack batch; other first acks reach the service in the device's order.
  deps.link.subscribe(service.hooks);
  return service;
}

/** Support's device management, as the routes and the node see it (an interface, not the factory's type). */
export interface DeviceService extends DeviceConfigActions, DeviceWipeActions {
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
  readonly hooks: DeviceLinkHooks;
}
