import { randomUUID } from 'node:crypto';
import { DEFAULT_DEVICE_CONFIG, type DeviceCommand } from '@screenvisit/protocol';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appendAudit, listAudit } from '../../src/db/repos/audit.js';
import { registerDevice } from '../../src/db/repos/devices.js';
import {
  acknowledgeCommand,
  acknowledgeCommands,
  enqueueCommand,
  markSent,
  pendingCommands,
  pendingCommandsOf,
} from '../../src/db/repos/outbox.js';
import { auditLogTable, devicesTable, municipalitiesTable } from '../../src/db/schema/index.js';
import { parseMunicipalitySettings } from '../../src/db/schema/municipality-settings.js';
import type { DbHarness } from './harness.js';
import { at, identify, MINUTE, newMunicipality, T0 } from './helpers.js';

/** The command outbox, the append-only audit log, municipality settings. */
export function outboxAndAuditTests(harness: DbHarness): void {
  const db = () => harness.shared().db;

  describe('command outbox', () => {
    it('keeps unacknowledged commands across a restart, oldest first', async () => {
      const fresh = await harness.fresh();
      const municipalityId = await newMunicipality(fresh.database.db);
      const device = await registerDevice(fresh.database.db, { municipalityId, label: 'KBH-0020' });
      const commands = [identify(1), identify(2), identify(3)];
      // Two in one transaction: they share now(), so only the sequence keeps their order.
      await fresh.database.db.transaction(async (tx) => {
        await enqueueCommand(tx, device.id, commands[0]!);
        await enqueueCommand(tx, device.id, commands[1]!);
      });
      await enqueueCommand(fresh.database.db, device.id, commands[2]!);
      await markSent(fresh.database.db, [commands[0]!.id], T0);
      await fresh.database.close();

      const restarted = await fresh.reopen();
      const pending = await pendingCommands(restarted.db, device.id);
      expect(pending.map((c) => c.payload)).toEqual(commands);
      expect(pending[0]).toMatchObject({ attempts: 1, sentAt: T0, type: 'identify' });
      const ack = {
        v: 1 as const,
        commandId: commands[0]!.id,
        status: 'applied' as const,
        at: T0.toISOString(),
      };
      expect((await acknowledgeCommand(restarted.db, device.id, ack, at(MINUTE))).outcome).toBe('acked');
      expect((await pendingCommands(restarted.db, device.id)).map((c) => c.id)).toEqual([
        commands[1]!.id,
        commands[2]!.id,
      ]);
    });

    it("accepts the same ack twice harmlessly and never lets a device settle another device's command", async () => {
      const municipalityId = await newMunicipality(db());
      const device = await registerDevice(db(), { municipalityId, label: 'KBH-0021' });
      const other = await registerDevice(db(), { municipalityId, label: 'KBH-0022' });
      const command = identify();
      expect(await enqueueCommand(db(), device.id, command)).toBe(true);
      expect(await enqueueCommand(db(), device.id, command)).toBe(false);
      const ack = {
        v: 1 as const,
        commandId: command.id,
        status: 'rejected' as const,
        reason: 'busy',
        at: T0.toISOString(),
      };

      expect(await acknowledgeCommand(db(), other.id, ack, T0)).toEqual({ outcome: 'unknown' });
      expect(await pendingCommands(db(), device.id)).toHaveLength(1);

      const first = await acknowledgeCommand(db(), device.id, ack, at(MINUTE));
      expect(first).toMatchObject({
        outcome: 'acked',
        command: { id: command.id, ackStatus: 'rejected', ackReason: 'busy' },
      });
      expect(
        await acknowledgeCommand(db(), device.id, { ...ack, status: 'applied' }, at(2 * MINUTE)),
      ).toEqual({
        outcome: 'duplicate',
      });
      expect(await pendingCommands(db(), device.id)).toEqual([]);
      const [row] = await db().select().from(devicesTable).where(eq(devicesTable.id, device.id));
      expect(row).toBeDefined();
    });

    it('settles a batch of acks in one statement: first acks, a duplicate and a foreign one, each in its place', async () => {
      const municipalityId = await newMunicipality(db());
      const a = await registerDevice(db(), { municipalityId, label: 'KBH-0023' });
      const b = await registerDevice(db(), { municipalityId, label: 'KBH-0024' });
      const [ca, cb, done] = [identify(1), identify(2), identify(3)];
      await enqueueCommand(db(), a.id, ca);
      await enqueueCommand(db(), b.id, cb);
      await enqueueCommand(db(), a.id, done);
      const ack = (commandId: string) => ({
        v: 1 as const,
        commandId,
        status: 'applied' as const,
        at: T0.toISOString(),
      });
      await acknowledgeCommand(db(), a.id, ack(done.id), T0);
      expect((await pendingCommandsOf(db(), [a.id, b.id])).get(b.id)?.map((c) => c.id)).toEqual([cb.id]);
      const results = await acknowledgeCommands(db(), [
        { deviceId: a.id, ack: ack(ca.id), now: at(MINUTE), qos: 1 },
        { deviceId: a.id, ack: ack(done.id), now: at(MINUTE), qos: 1 },
        { deviceId: a.id, ack: ack(cb.id), now: at(MINUTE), qos: 1 },
        { deviceId: b.id, ack: ack(cb.id), now: at(MINUTE), qos: 1 },
      ]);
      expect(results.map((r) => r.outcome)).toEqual(['acked', 'duplicate', 'unknown', 'acked']);
      expect(results[0]).toMatchObject({
        command: { id: ca.id, type: 'identify', version: null, ackStatus: 'applied', ackedAt: at(MINUTE) },
      });
      expect(await pendingCommandsOf(db(), [a.id, b.id])).toEqual(
        new Map([
          [a.id, []],
          [b.id, []],
        ]),
      );
    });

    it('settles a config.apply with a QoS 0 ack, and refuses a QoS 0 ack of a wipe, leaving it open (ACK_QOS)', async () => {
      const municipalityId = await newMunicipality(db());
      const device = await registerDevice(db(), { municipalityId, label: 'KBH-0025' });
      const base = { v: 1 as const, issuedAt: T0.toISOString() };
      const config: DeviceCommand = {
        ...base,
        id: randomUUID(),
        type: 'config.apply',
        version: 2,
        config: DEFAULT_DEVICE_CONFIG,
      };
      const wipe: DeviceCommand = { ...base, id: randomUUID(), type: 'wipe' };
      await enqueueCommand(db(), device.id, config);
      await enqueueCommand(db(), device.id, wipe);
      const ack = (commandId: string) => ({
        v: 1 as const,
        commandId,
        status: 'applied' as const,
        at: T0.toISOString(),
      });
      const results = await acknowledgeCommands(db(), [
        { deviceId: device.id, ack: ack(config.id), now: at(MINUTE), qos: 0 },
        { deviceId: device.id, ack: ack(wipe.id), now: at(MINUTE), qos: 0 },
      ]);
      expect(results.map((r) => r.outcome)).toEqual(['acked', 'refused']);
      expect(results[0]).toMatchObject({ command: { id: config.id, version: 2, ackedAt: at(MINUTE) } });
      expect((await pendingCommands(db(), device.id)).map((c) => c.id)).toEqual([wipe.id]);
      // At QoS 1 the wipe's ack settles it; a later QoS 0 copy is a harmless duplicate.
      expect((await acknowledgeCommand(db(), device.id, ack(wipe.id), at(2 * MINUTE), 1)).outcome).toBe(
        'acked',
      );
      expect((await acknowledgeCommand(db(), device.id, ack(wipe.id), at(3 * MINUTE), 0)).outcome).toBe(
        'duplicate',
      );
      expect(await pendingCommands(db(), device.id)).toEqual([]);
    });
  });

  describe('audit log', () => {
    it('refuses UPDATE, DELETE and TRUNCATE, whoever asks', async () => {
      const municipalityId = await newMunicipality(db());
      const entry = await appendAudit(db(), {
        municipalityId,
        actorKind: 'system',
        action: 'test.appended',
        details: { n: 1 },
      });
      await expect(
        db().update(auditLogTable).set({ action: 'rewritten' }).where(eq(auditLogTable.id, entry.id)),
      ).rejects.toThrow();
      await expect(db().delete(auditLogTable).where(eq(auditLogTable.id, entry.id))).rejects.toThrow();
      await expect(db().execute(sql`truncate audit_log`)).rejects.toThrow();
      const error = await db()
        .execute(sql`delete from audit_log where id = ${entry.id}`)
        .catch((e: unknown) => e);
      expect(String((error as Error & { cause?: Error }).cause?.message ?? error)).toMatch(/append-only/);
      expect(await listAudit(db(), municipalityId, { limit: 10 })).toEqual([entry]);
    });

    it("lists one municipality's entries newest first, a page at a time", async () => {
      const municipalityId = await newMunicipality(db());
      const elsewhere = await newMunicipality(db());
      for (const action of ['a', 'b', 'c'])
        await appendAudit(db(), { municipalityId, actorKind: 'staff', actorId: randomUUID(), action });
      await appendAudit(db(), { municipalityId: elsewhere, actorKind: 'system', action: 'other' });
      const page1 = await listAudit(db(), municipalityId, { limit: 2 });
      expect(page1.map((e) => e.action)).toEqual(['c', 'b']);
      const page2 = await listAudit(db(), municipalityId, { limit: 2, before: page1.at(-1)!.id });
      expect(page2.map((e) => e.action)).toEqual(['a']);
    });
  });

  describe('municipality settings', () => {
    it('reads defaults from a municipality stored without settings', async () => {
      const municipalityId = await newMunicipality(db());
      const [row] = await db()
        .select()
        .from(municipalitiesTable)
        .where(eq(municipalitiesTable.id, municipalityId));
      expect(row!.timeZone).toBe('Europe/Copenhagen');
      // Stored as {}: every key comes from the defaults (pinned in municipality-settings.test.ts).
      expect(row!.settings).toEqual({});
      expect(parseMunicipalitySettings(row!.settings)).toEqual(parseMunicipalitySettings({}));
      expect(parseMunicipalitySettings(row!.settings).passwordMaxAgeDays).toBe(90);
    });
  });
}
