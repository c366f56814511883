import type { DeviceConfig } from '@screenvisit/protocol';
import { and, asc, count, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import {
  type Db,
  type Device,
  deviceCommandsTable,
  deviceConfigsTable,
  deviceHealthTable,
  devicesTable,
} from '../db/index.js';
import { targetConfig } from './config-push.js';
import { deviceOf } from './scoped-device.js';
import { pendingWipe } from './wipe.js';

/**
 * Read models for support and vendor support. `personal: false` (vendor support) leaves out who the device is
 * lent to and the contacts' names: diagnostics only.
 */
export interface DeviceSummary {
  id: string;
  label: string;
  lifecycle: Device['lifecycle'];
  hardwareId: string | null;
  lent: boolean;
  citizenId?: string | null;
  online: boolean;
  lastSeenAt: string | null;
  state: string | null;
  software: string | null;
  engine: string | null;
  configVersion: number;
  targetConfigVersion: number;
  pendingCommands: number;
  wipePending: boolean;
  health: { uptimeS: number; rttMs: number | null; temperatureC: number | null; reportedAt: string } | null;
}

export interface DeviceDetail extends DeviceSummary {
  targetConfig: DeviceConfig | null;
  commands: { id: string; type: string; attempts: number; sentAt: string | null; createdAt: string }[];
  wipe: { id: string; requestedAt: string; afterWipe: string } | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function summaries(db: Db, devices: Device[], personal: boolean): Promise<DeviceSummary[]> {
  const ids = devices.map((d) => d.id);
  if (ids.length === 0) return [];
  const [health, targets, pending] = await Promise.all([
    db.select().from(deviceHealthTable).where(inArray(deviceHealthTable.deviceId, ids)),
    db
      .select({ deviceId: deviceConfigsTable.deviceId, version: max(deviceConfigsTable.version) })
      .from(deviceConfigsTable)
      .where(inArray(deviceConfigsTable.deviceId, ids))
      .groupBy(deviceConfigsTable.deviceId),
    db
      .select({
        deviceId: deviceCommandsTable.deviceId,
        n: count(),
        wipes: sql<number>`count(*) filter (where ${deviceCommandsTable.type} = 'wipe')`.mapWith(Number),
      })
      .from(deviceCommandsTable)
      .where(and(inArray(deviceCommandsTable.deviceId, ids), isNull(deviceCommandsTable.ackedAt)))
      .groupBy(deviceCommandsTable.deviceId),
  ]);
  return devices.map((d) => {
    const h = health.find((r) => r.deviceId === d.id);
    const p = pending.find((r) => r.deviceId === d.id);
    return {
      id: d.id,
      label: d.label,
      lifecycle: d.lifecycle,
      hardwareId: d.hardwareId,
      lent: d.citizenId !== null,
      ...(personal ? { citizenId: d.citizenId } : {}),
      online: d.online,
      lastSeenAt: iso(d.lastSeenAt),
      state: d.state,
      software: d.software,
      engine: d.engine,
      configVersion: d.configVersion,
      targetConfigVersion: targets.find((r) => r.deviceId === d.id)?.version ?? 0,
      pendingCommands: p?.n ?? 0,
      wipePending: d.lifecycle === 'wiping' || (p?.wipes ?? 0) > 0,
      health: h
        ? {
            uptimeS: h.uptimeS,
            rttMs: h.rttMs,
            temperatureC: h.temperatureC,
            reportedAt: h.reportedAt.toISOString(),
          }
        : null,
    };
  });
}

/** Used by: GET /api/devices. */
export async function listDevices(
  db: Db,
  municipalityId: string,
  personal: boolean,
): Promise<DeviceSummary[]> {
  const devices = await db
    .select()
    .from(devicesTable)
    .where(eq(devicesTable.municipalityId, municipalityId))
    .orderBy(asc(devicesTable.label));
  return summaries(db, devices, personal);
}

/** Used by: GET /api/devices/{id}. */
export async function showDevice(
  db: Db,
  municipalityId: string,
  deviceId: string,
  personal: boolean,
): Promise<DeviceDetail> {
  const device = await deviceOf(db, municipalityId, deviceId);
  const [summary] = await summaries(db, [device], personal);
  const target = await targetConfig(db, device.id);
  const commands = await db
    .select()
    .from(deviceCommandsTable)
    .where(and(eq(deviceCommandsTable.deviceId, device.id), isNull(deviceCommandsTable.ackedAt)))
    .orderBy(asc(deviceCommandsTable.seq));
  const wipe = await pendingWipe(db, device.id);
  const config = target?.config ?? null;
  return {
    ...summary!,
    targetConfig: config && !personal ? { ...config, contacts: [] } : config,
    commands: commands.map((c) => ({
      id: c.id,
      type: c.type,
      attempts: c.attempts,
      sentAt: iso(c.sentAt),
      createdAt: c.createdAt.toISOString(),
    })),
    wipe: wipe
      ? { id: wipe.id, requestedAt: wipe.requestedAt.toISOString(), afterWipe: wipe.thenLifecycle }
      : null,
  };
}
