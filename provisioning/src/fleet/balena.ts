import { getSdk } from 'balena-sdk';
import { ProvisioningError } from '../errors.js';
import { type FleetDevice, type FleetProvider, LABEL_TAG, SERIAL_TAG } from './provider.js';

export interface BalenaFleetOptions {
  /** https://api.balena-cloud.com, or an openBalena / test double URL. */
  readonly apiUrl: string;
  /** An API key (balena dashboard → Preferences → Access tokens). */
  readonly token: string;
  /** The fleet's slug, e.g. `kobenhavns_kommune/screenvisit-kiosks`. */
  readonly fleet: string;
}

const SELECT = [
  'uuid',
  'device_name',
  'is_online',
  'os_version',
  'supervisor_version',
  'last_connectivity_event',
] as const;

interface DeviceRow {
  uuid: string;
  device_name: string;
  is_online: boolean;
  os_version: string | null;
  supervisor_version: string | null;
  last_connectivity_event: string | null;
}

const toFleetDevice = (d: DeviceRow): FleetDevice => ({
  uuid: d.uuid,
  name: d.device_name,
  online: d.is_online,
  osVersion: d.os_version,
  supervisorVersion: d.supervisor_version,
  lastSeenAt: d.last_connectivity_event,
});

/**
 * FleetProvider over balena-sdk 22 (Node 20). `dataDirectory: false` keeps the token in memory only (nothing
 * written to ~/.balena). v22 has no models.device.getAll: lists go through `pine.get` (OData on /v7/device).
 */
export function createBalenaFleet(options: BalenaFleetOptions): FleetProvider {
  const sdk = getSdk({ apiUrl: options.apiUrl, dataDirectory: false });
  let loggedIn: Promise<void> | null = null;
  const ready = () => {
    loggedIn ??= sdk.auth.loginWithToken(options.token);
    return loggedIn;
  };
  const inFleet = {
    belongs_to__application: { $any: { $alias: 'a', $expr: { a: { slug: options.fleet } } } },
  };

  const run = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      await ready();
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code === 'BalenaDeviceNotFound') throw error;
      throw ProvisioningError.fleet(`balena: could not ${what}: ${(error as Error).message}`, error);
    }
  };

  const byTag = (key: string, value: string) =>
    run('find the device', async () => {
      const rows = (await sdk.pine.get({
        resource: 'device',
        options: {
          $select: [...SELECT],
          $filter: {
            ...inFleet,
            device_tag: { $any: { $alias: 't', $expr: { t: { tag_key: key, value } } } },
          },
        },
      })) as unknown as DeviceRow[];
      return rows[0] ? toFleetDevice(rows[0]) : null;
    });

  return {
    listDevices: () =>
      run('list the fleet', async () => {
        const rows = (await sdk.pine.get({
          resource: 'device',
          options: { $select: [...SELECT], $filter: inFleet, $orderby: { device_name: 'asc' } },
        })) as unknown as DeviceRow[];
        return rows.map(toFleetDevice);
      }),

    async findByUuid(uuid) {
      try {
        return await run('find the device', async () =>
          toFleetDevice(
            (await sdk.models.device.get(uuid, { $select: [...SELECT] })) as unknown as DeviceRow,
          ),
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'BalenaDeviceNotFound') return null;
        throw error;
      }
    },

    findBySerial: (serial) => byTag(SERIAL_TAG, serial),

    setEnv: (uuid, vars) =>
      run('set environment variables', async () => {
        for (const [name, value] of Object.entries(vars))
          await sdk.models.device.envVar.set(uuid, name, value);
      }),

    tagLabel: (uuid, label) =>
      run('tag the device', () => sdk.models.device.tags.set(uuid, LABEL_TAG, label)),

    restartApplication: (uuid) =>
      run('restart the application', async () => {
        await sdk.models.device.restartApplication(uuid);
      }),
  };
}
