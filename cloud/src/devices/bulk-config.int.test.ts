import { DEFAULT_DEVICE_CONFIG } from '@screenvisit/protocol';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { createUnit } from '../../test/kits/care.js';
import {
  configPushesUntil,
  connectKiosk,
  kioskLentTo,
  supportApi,
  type TestKiosk,
  until,
} from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  auditLogTable,
  citizenEnrolmentsTable,
  deviceCommandsTable,
  deviceConfigsTable,
  devicesTable,
} from '../db/index.js';
import { sha256Hex } from '../db/repos/secrets.js';
import { BULK_BATCH, pushConfigToAll, WRITES_IN_FLIGHT } from './bulk-config.js';

let t: TestCloud;
let api: Awaited<ReturnType<typeof supportApi>>;
let home: { id: string };

beforeAll(async () => {
  t = await startTestCloud();
  home = await createMunicipality(t);
  api = await supportApi(t, { id: (await createStaff(t, home.id, 'support')).id, municipalityId: home.id });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** A kiosk lent to a citizen enrolled in `unitId`; its lend's own config.apply (version 1) is acked. */
async function lentKiosk(label: string, unitId: string) {
  const citizen = await createCitizen(t, home.id);
  await t.cloud.db.db.insert(citizenEnrolmentsTable).values({ citizenId: citizen.id, unitId });
  return kioskLentTo(t, api, citizen.id, { label });
}
/** Sent marks of a kiosk's config.apply commands, oldest first. */
async function marksOf(deviceId: string) {
  const rows = await t.cloud.db.db
    .select({ attempts: deviceCommandsTable.attempts, sentAt: deviceCommandsTable.sentAt })
    .from(deviceCommandsTable)
    .where(and(eq(deviceCommandsTable.deviceId, deviceId), eq(deviceCommandsTable.type, 'config.apply')))
    .orderBy(deviceCommandsTable.seq);
  return rows.map((r) => [r.attempts, r.sentAt !== null]);
}
const versionsOf = (kiosk: TestKiosk) =>
  kiosk.commands.flatMap((c) => (c.type === 'config.apply' ? [[c.version, c.config.volume]] : []));

describe('bulk config push (issue 14)', () => {
  it('pushes one change to every kiosk of a unit in one call: online ones at once, offline ones at connect', async () => {
    const teamA = await createUnit(t, home.id, 'home_care_team', 'Hjemmepleje A');
    const teamB = await createUnit(t, home.id, 'home_care_team', 'Hjemmepleje B');
    const a1 = await lentKiosk('BULK-A1', teamA.id);
    const a2 = await lentKiosk('BULK-A2', teamA.id);
    const b1 = await lentKiosk('BULK-B1', teamB.id);
    const onlineA1 = await connectKiosk(t, a1.deviceId, a1.mqttPassword);
    const onlineB1 = await connectKiosk(t, b1.deviceId, b1.mqttPassword);
    await until(
      async () => onlineA1.commands.length + onlineB1.commands.length,
      (n) => n === 2,
      'lend configs',
    );

    const pushed = await api('POST', '/api/devices/config', {
      scope: { kind: 'unit', unitId: teamA.id },
      changes: { volume: 35 },
    });
    expect(pushed).toEqual({ status: 202, body: { devices: 2, inUse: 2, notInUse: 0, batches: 1 } });

    await configPushesUntil(onlineA1, 2);
    expect(versionsOf(onlineA1)).toEqual([
      [1, 70],
      [2, 35],
    ]);
    // The contacts still follow the citizen's team.
    expect(onlineA1.commands[1]).toMatchObject({ config: { contacts: [{ displayName: 'Hjemmepleje A' }] } });
    // The online kiosk's command was marked sent exactly once (with its row, not again after the publish); the
    // offline kiosk's commands (the lend's and the bulk's) not yet.
    await t.cloud.deviceLink.idle();
    expect(await marksOf(a1.deviceId)).toEqual([
      [1, true],
      [1, true],
    ]);
    expect(await marksOf(a2.deviceId)).toEqual([
      [0, false],
      [0, false],
    ]);

    const laterA2 = await connectKiosk(t, a2.deviceId, a2.mqttPassword);
    await configPushesUntil(laterA2, 2);
    expect(versionsOf(laterA2)).toEqual([
      [1, 70],
      [2, 35],
    ]);
    // Team B's kiosk got nothing new, and every pushed device has its own audit row.
    await t.cloud.deviceLink.idle();
    expect(await marksOf(a2.deviceId)).toEqual([
      [1, true],
      [1, true],
    ]);
    expect(versionsOf(onlineB1)).toEqual([[1, 70]]);
    const audited = await t.cloud.db.db
      .select({ targetId: auditLogTable.targetId })
      .from(auditLogTable)
      .where(
        and(eq(auditLogTable.action, 'device.config_pushed'), eq(auditLogTable.municipalityId, home.id)),
      );
    expect(audited.filter((r) => r.targetId === a1.deviceId)).toHaveLength(2); // the lend's and the bulk's
    expect(audited.filter((r) => r.targetId === b1.deviceId)).toHaveLength(1);
  });

  it('writes the outbox in batches when the municipality has more kiosks than one batch', async () => {
    const other = await createMunicipality(t);
    const otherApi = await supportApi(t, {
      id: (await createStaff(t, other.id, 'support')).id,
      municipalityId: other.id,
    });
    const count = BULK_BATCH + 3;
    // Enrolled kiosks written straight to the table: enrolling 503 over HTTP would only slow the test down.
    const rows = await t.cloud.db.db
      .insert(devicesTable)
      .values(
        Array.from({ length: count }, (_, i) => ({
          municipalityId: other.id,
          label: `MASS-${i}`,
          lifecycle: 'enrolled' as const,
          credentialHash: sha256Hex(`secret-${i}`),
        })),
      )
      .returning({ id: devicesTable.id });
    const ids = rows.map((r) => r.id);

    const pushed = await otherApi('POST', '/api/devices/config', {
      scope: { kind: 'municipality' },
      changes: { brightness: 40 },
    });
    expect(pushed).toEqual({ status: 202, body: { devices: count, inUse: count, notInUse: 0, batches: 2 } });
    const pending = await t.cloud.db.db
      .select({ deviceId: deviceCommandsTable.deviceId })
      .from(deviceCommandsTable)
      .where(eq(deviceCommandsTable.type, 'config.apply'));
    const pushedTo = new Set(pending.map((p) => p.deviceId));
    expect(ids.every((id) => pushedTo.has(id))).toBe(true);

    // Exactly one version, one command and one audit row per kiosk (the unnest INSERTs, db/unnest.ts), and the
    // command carries the version row's config.
    const mine = new Set(ids);
    const versions = (
      await t.cloud.db.db
        .select({
          deviceId: deviceConfigsTable.deviceId,
          version: deviceConfigsTable.version,
          config: deviceConfigsTable.config,
          commandId: deviceConfigsTable.commandId,
          staff: deviceConfigsTable.createdByStaffId,
          createdAt: deviceConfigsTable.createdAt,
        })
        .from(deviceConfigsTable)
    ).filter((v) => mine.has(v.deviceId));
    expect(versions).toHaveLength(count);
    expect(new Set(versions.map((v) => v.deviceId)).size).toBe(count);
    expect(versions.every((v) => v.version === 1 && v.config.brightness === 40 && v.staff !== null)).toBe(
      true,
    );
    const commands = new Map(
      (
        await t.cloud.db.db
          .select({
            id: deviceCommandsTable.id,
            deviceId: deviceCommandsTable.deviceId,
            payload: deviceCommandsTable.payload,
          })
          .from(deviceCommandsTable)
      )
        .filter((c) => mine.has(c.deviceId))
        .map((c) => [c.id, c]),
    );
    expect(commands.size).toBe(count);
    for (const v of versions)
      expect(commands.get(v.commandId)).toEqual({
        id: v.commandId,
        deviceId: v.deviceId,
        // The payload is built in the INSERT from the batch's shared config (bulk-config.ts): the whole command,
        // nothing more, nothing less.
        payload: {
          v: 1,
          id: v.commandId,
          issuedAt: v.createdAt.toISOString(),
          type: 'config.apply',
          version: 1,
          config: v.config,
        },
      });
    const audited = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(
        and(eq(auditLogTable.action, 'device.config_pushed'), eq(auditLogTable.municipalityId, other.id)),
      );
    expect(audited).toHaveLength(count);
    expect(new Set(audited.map((a) => a.targetId))).toEqual(mine);
    // Each row as appendAudit would write it (built in the batch's one statement): who, which device, which
    // version and command.
    const commandOf = new Map(versions.map((v) => [v.deviceId, v.commandId]));
    for (const a of audited)
      expect(a).toMatchObject({
        actorKind: 'staff',
        actorId: versions[0]!.staff,
        targetKind: 'device',
        details: { version: 1, commandId: commandOf.get(a.targetId!), bulk: true },
      });
  });

  it('writes WRITES_IN_FLIGHT batches at a time, never more', async () => {
    const other = await createMunicipality(t);
    const staff = await createStaff(t, other.id, 'support');
    await t.cloud.db.db.insert(devicesTable).values(
      Array.from({ length: BULK_BATCH * (WRITES_IN_FLIGHT + 1) }, (_, i) => ({
        municipalityId: other.id,
        label: `FLIGHT-${i}`,
        lifecycle: 'enrolled' as const,
        credentialHash: sha256Hex(`flight-${i}`),
      })),
    );
    // The push's transactions, counted as it opens and ends them: one per batch.
    const db = t.cloud.db.db;
    let open = 0;
    let most = 0;
    const counted = new Proxy(db, {
      get(target, key, receiver) {
        if (key !== 'transaction') return Reflect.get(target, key, receiver);
        return (run: Parameters<typeof db.transaction>[0]) => {
          open += 1;
          most = Math.max(most, open);
          return target.transaction(run).finally(() => {
            open -= 1;
          });
        };
      },
    });
    const result = await pushConfigToAll(counted, {
      municipalityId: other.id,
      scope: { kind: 'municipality' },
      changes: { brightness: 55 },
      actor: { staffId: staff.id, ip: null },
      now: new Date(),
      send: async () => {},
      isReady: () => false,
    });
    expect(result).toEqual({
      devices: BULK_BATCH * (WRITES_IN_FLIGHT + 1),
      inUse: BULK_BATCH * (WRITES_IN_FLIGHT + 1),
      notInUse: 0,
      batches: WRITES_IN_FLIGHT + 1,
    });
    expect(WRITES_IN_FLIGHT).toBe(3);
    expect(most).toBe(WRITES_IN_FLIGHT);
  });

  it("keeps each kiosk's own current target in one batch: kiosks with different targets get different configs", async () => {
    const other = await createMunicipality(t);
    const otherApi = await supportApi(t, {
      id: (await createStaff(t, other.id, 'support')).id,
      municipalityId: other.id,
    });
    const [dim, bright, fresh, sameAsDim] = (
      await t.cloud.db.db
        .insert(devicesTable)
        .values(
          ['DIM', 'BRIGHT', 'FRESH', 'DIM-2'].map((label, i) => ({
            municipalityId: other.id,
            label: `TARGET-${label}`,
            lifecycle: 'enrolled' as const,
            credentialHash: sha256Hex(`target-${i}`),
          })),
        )
        .returning({ id: devicesTable.id })
    ).map((r) => r.id);
    // Current targets written straight to the table: two kiosks share one, one has its own, one has none.
    await t.cloud.db.db.insert(deviceConfigsTable).values(
      [
        [dim!, 20],
        [bright!, 90],
        [sameAsDim!, 20],
      ].map(([deviceId, brightness]) => ({
        deviceId: deviceId as string,
        version: 3,
        config: { ...DEFAULT_DEVICE_CONFIG, brightness: brightness as number },
        commandId: crypto.randomUUID(),
      })),
    );
    const latest = async () => {
      const rows = await t.cloud.db.db
        .select({
          deviceId: deviceConfigsTable.deviceId,
          version: deviceConfigsTable.version,
          config: deviceConfigsTable.config,
        })
        .from(deviceConfigsTable);
      const byDevice = new Map<string, [number, number, number]>();
      for (const r of rows)
        if ((byDevice.get(r.deviceId)?.[0] ?? 0) < r.version)
          byDevice.set(r.deviceId, [r.version, r.config.brightness, r.config.volume]);
      return [dim, bright, fresh, sameAsDim].map((id) => byDevice.get(id!));
    };

    const first = await otherApi('POST', '/api/devices/config', {
      scope: { kind: 'municipality' },
      changes: { volume: 35 },
    });
    expect(first).toEqual({ status: 202, body: { devices: 4, inUse: 4, notInUse: 0, batches: 1 } });
    // [version, brightness, volume]: the change on top of each kiosk's own target (the default for none).
    expect(await latest()).toEqual([
      [4, 20, 35],
      [4, 90, 35],
      [1, DEFAULT_DEVICE_CONFIG.brightness, 35],
      [4, 20, 35],
    ]);

    // Every kiosk has a target now; another field changes, the earlier change stays.
    await otherApi('POST', '/api/devices/config', {
      scope: { kind: 'municipality' },
      changes: { brightness: 50 },
    });
    expect(await latest()).toEqual([
      [5, 50, 35],
      [5, 50, 35],
      [2, 50, 35],
      [5, 50, 35],
    ]);
  });

  it('takes back a sent mark written with the command when the kiosk is gone by the publish, and marks it at the next flush', async () => {
    const team = await createUnit(t, home.id, 'home_care_team', 'Hjemmepleje C');
    const kiosk = await lentKiosk('BULK-C1', team.id);
    // What a bulk push writes for a kiosk that was ready at its write (bulk-config.ts): the row marked sent.
    const command = {
      v: 1,
      id: crypto.randomUUID(),
      issuedAt: new Date().toISOString(),
      type: 'config.apply',
      version: 2,
      config: { ...DEFAULT_DEVICE_CONFIG, volume: 20 },
    } as const;
    await t.cloud.db.db.insert(deviceCommandsTable).values({
      id: command.id,
      deviceId: kiosk.deviceId,
      type: command.type,
      payload: command,
      sentAt: new Date(),
      attempts: 1,
    });
    expect(t.cloud.deviceLink.isReady(kiosk.deviceId)).toBe(false);
    await t.cloud.deviceLink.send(kiosk.deviceId, command, { markedSent: true });
    expect((await marksOf(kiosk.deviceId)).at(-1)).toEqual([0, false]);

    const online = await connectKiosk(t, kiosk.deviceId, kiosk.mqttPassword);
    await until(
      async () => versionsOf(online),
      (v) => v.some(([version]) => version === 2),
      'the command at connect',
    );
    await t.cloud.deviceLink.idle();
    expect((await marksOf(kiosk.deviceId)).at(-1)).toEqual([1, true]);
  });

  it('refuses a unit of another municipality and unknown fields', async () => {
    const elsewhere = await createUnit(t, (await createMunicipality(t)).id, 'home_care_team', 'Andet sted');
    expect(
      (
        await api('POST', '/api/devices/config', {
          scope: { kind: 'unit', unitId: elsewhere.id },
          changes: {},
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api('POST', '/api/devices/config', {
          scope: { kind: 'municipality' },
          changes: { contacts: [] },
        })
      ).status,
    ).toBe(400);
  });
});
