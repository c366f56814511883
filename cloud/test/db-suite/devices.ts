import { randomUUID } from 'node:crypto';
import { EnrolmentCode } from '@screenvisit/protocol';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  getDevice,
  issueEnrolmentCode,
  recordDeviceState,
  recordDeviceStates,
  redeemEnrolmentCode,
  registerDevice,
  revokeDeviceCredential,
  verifyDeviceCredential,
  verifyDeviceCredentials,
} from '../../src/db/repos/devices.js';
import { citizensTable, devicesTable } from '../../src/db/schema/index.js';
import type { DbHarness } from './harness.js';
import { at, MINUTE, newMunicipality, T0 } from './helpers.js';

/** The cloud node that writes presence in the tests with one node. */
const NODE = 'node-1';

/** Enrolment codes, device credentials and device state. */
export function deviceTests(harness: DbHarness): void {
  const db = () => harness.shared().db;

  describe('enrolment', () => {
    it('gives out a code that works once, then never again', async () => {
      const municipalityId = await newMunicipality(db());
      const device = await registerDevice(db(), { municipalityId, label: 'KBH-0001' });
      const code = await issueEnrolmentCode(db(), device.id, { ttlMs: 10 * MINUTE, now: T0 });
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
      expect(EnrolmentCode.safeParse(code).success).toBe(true);
      expect((await getDevice(db(), device.id))?.enrolmentCodeHash).not.toContain(code);

      const redeemed = await redeemEnrolmentCode(db(), {
        code: ` ${code.toLowerCase()} `,
        hardwareId: 'hw-1',
        now: at(MINUTE),
      });
      expect(redeemed).toMatchObject({ deviceId: device.id, municipalityId });
      expect(redeemed!.mqttPassword).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await getDevice(db(), device.id)).toMatchObject({
        lifecycle: 'enrolled',
        hardwareId: 'hw-1',
        enrolmentCodeHash: null,
      });

      expect(await redeemEnrolmentCode(db(), { code, hardwareId: 'hw-2', now: at(2 * MINUTE) })).toBeNull();
    });

    it('refuses an expired code, and a code replaced by a newer one', async () => {
      const municipalityId = await newMunicipality(db());
      const device = await registerDevice(db(), { municipalityId, label: 'KBH-0002' });
      const expiring = await issueEnrolmentCode(db(), device.id, { ttlMs: 10 * MINUTE, now: T0 });
      expect(
        await redeemEnrolmentCode(db(), { code: expiring, hardwareId: 'hw', now: at(10 * MINUTE) }),
      ).toBeNull();

      const replaced = await issueEnrolmentCode(db(), device.id, { ttlMs: 10 * MINUTE, now: T0 });
      const current = await issueEnrolmentCode(db(), device.id, { ttlMs: 10 * MINUTE, now: T0 });
      expect(await redeemEnrolmentCode(db(), { code: replaced, hardwareId: 'hw', now: T0 })).toBeNull();
      expect(
        await redeemEnrolmentCode(db(), { code: current, hardwareId: 'hw', now: at(9 * MINUTE) }),
      ).not.toBeNull();
    });

    it('marks a device that is assigned to a citizen as lent when it enrols', async () => {
      const municipalityId = await newMunicipality(db());
      const [citizen] = await db()
        .insert(citizensTable)
        .values({ municipalityId, displayName: 'Test Borger' })
        .returning();
      const device = await registerDevice(db(), { municipalityId, label: 'KBH-0003' });
      await db().update(devicesTable).set({ citizenId: citizen!.id }).where(eq(devicesTable.id, device.id));
      const code = await issueEnrolmentCode(db(), device.id, { ttlMs: MINUTE, now: T0 });
      await redeemEnrolmentCode(db(), { code, hardwareId: 'hw', now: T0 });
      expect((await getDevice(db(), device.id))?.lifecycle).toBe('lent');
    });

    it('will not issue a code for a retired device, nor for an unknown one', async () => {
      const municipalityId = await newMunicipality(db());
      const device = await registerDevice(db(), { municipalityId, label: 'KBH-0004' });
      await db().update(devicesTable).set({ lifecycle: 'retired' }).where(eq(devicesTable.id, device.id));
      await expect(issueEnrolmentCode(db(), device.id, { ttlMs: MINUTE, now: T0 })).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(issueEnrolmentCode(db(), randomUUID(), { ttlMs: MINUTE, now: T0 })).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });

  describe('device credentials', () => {
    it('tells ok, invalid, revoked and unknown apart, and re-enrolment replaces the secret', async () => {
      const municipalityId = await newMunicipality(db());
      const device = await registerDevice(db(), { municipalityId, label: 'KBH-0010' });
      expect(await verifyDeviceCredential(db(), device.id, 'anything')).toBe('unknown');
      const enrol = async () => {
        const code = await issueEnrolmentCode(db(), device.id, { ttlMs: MINUTE, now: T0 });
        return (await redeemEnrolmentCode(db(), { code, hardwareId: 'hw', now: T0 }))!.mqttPassword;
      };
      const secret = await enrol();
      expect(await verifyDeviceCredential(db(), device.id, secret)).toBe('ok');
      expect(await verifyDeviceCredential(db(), device.id, `${secret.slice(0, -1)}x`)).toBe('invalid');
      expect(await verifyDeviceCredential(db(), device.id, '')).toBe('invalid');
      expect(await verifyDeviceCredential(db(), randomUUID(), secret)).toBe('unknown');
      expect(await verifyDeviceCredential(db(), 'not-a-uuid', secret)).toBe('unknown');

      expect(await revokeDeviceCredential(db(), device.id, { now: T0 })).toBe(true);
      expect(await revokeDeviceCredential(db(), device.id, { now: T0 })).toBe(false);
      expect(await verifyDeviceCredential(db(), device.id, secret)).toBe('revoked');

      const second = await enrol();
      expect(await verifyDeviceCredential(db(), device.id, second)).toBe('ok');
      expect(await verifyDeviceCredential(db(), device.id, secret)).toBe('invalid');
    });

    it('checks a batch of CONNECTs with one read, each answer in its place', async () => {
      const municipalityId = await newMunicipality(db());
      const good = await registerDevice(db(), { municipalityId, label: 'KBH-0012' });
      const revoked = await registerDevice(db(), { municipalityId, label: 'KBH-0013' });
      const secretOf = async (deviceId: string) => {
        const code = await issueEnrolmentCode(db(), deviceId, { ttlMs: MINUTE, now: T0 });
        return (await redeemEnrolmentCode(db(), { code, hardwareId: deviceId, now: T0 }))!.mqttPassword;
      };
      const [goodSecret, revokedSecret] = [await secretOf(good.id), await secretOf(revoked.id)];
      await revokeDeviceCredential(db(), revoked.id, { now: T0 });
      expect(
        await verifyDeviceCredentials(db(), [
          { deviceId: good.id, secret: goodSecret },
          { deviceId: revoked.id, secret: revokedSecret },
          { deviceId: good.id, secret: revokedSecret },
          { deviceId: 'not-a-uuid', secret: goodSecret },
          { deviceId: randomUUID(), secret: goodSecret },
          { deviceId: good.id, secret: goodSecret },
        ]),
      ).toEqual(['ok', 'revoked', 'invalid', 'unknown', 'unknown', 'ok']);
    });

    it('records a batch of state reports in one statement, skipping the one older than what is stored', async () => {
      const municipalityId = await newMunicipality(db());
      const a = await registerDevice(db(), { municipalityId, label: 'KBH-0014' });
      const b = await registerDevice(db(), { municipalityId, label: 'KBH-0015' });
      await recordDeviceState(db(), b.id, { online: true, state: 'in_call', at: at(2 * MINUTE) }, NODE);
      expect(
        await recordDeviceStates(
          db(),
          [
            { deviceId: a.id, online: true, state: 'idle', configVersion: 4, at: at(MINUTE) },
            { deviceId: b.id, online: false, state: 'idle', at: at(MINUTE) },
          ],
          NODE,
        ).then((recorded) => recorded.map((r) => r.applied)),
      ).toEqual([true, false]);
      expect(await getDevice(db(), a.id)).toMatchObject({ online: true, state: 'idle', configVersion: 4 });
      expect(await getDevice(db(), b.id)).toMatchObject({ online: true, state: 'in_call' });
    });

    it('ignores a state report older than the one already recorded', async () => {
      const municipalityId = await newMunicipality(db());
      const device = await registerDevice(db(), { municipalityId, label: 'KBH-0011' });
      expect(
        await recordDeviceState(
          db(),
          device.id,
          {
            online: true,
            state: 'idle',
            configVersion: 3,
            at: at(MINUTE),
          },
          NODE,
        ),
      ).toBe(true);
      expect(await recordDeviceState(db(), device.id, { online: false, at: T0 }, NODE)).toBe(false);
      expect(
        await recordDeviceState(
          db(),
          device.id,
          { online: true, software: '1.2.3', at: at(2 * MINUTE) },
          NODE,
        ),
      ).toBe(true);
      expect(await getDevice(db(), device.id)).toMatchObject({
        online: true,
        state: 'idle',
        software: '1.2.3',
        configVersion: 3,
        lastSeenAt: at(2 * MINUTE),
      });
    });

    // Issue 14 §4: node B fenced itself (or was frozen past the liveness TTL) and cuts its kiosk late, its
    // "offline" stamped by its own clock after the kiosk's connect on node A.
    it('never lets a late "offline" from the node a kiosk left clear its "online" on the node it moved to, in either order', async () => {
      const municipalityId = await newMunicipality(db());
      const first = await registerDevice(db(), { municipalityId, label: 'KBH-0016' });
      const second = await registerDevice(db(), { municipalityId, label: 'KBH-0017' });
      const state = (online: boolean, when: Date) => ({ online, at: when });
      for (const d of [first, second])
        expect(await recordDeviceState(db(), d.id, state(true, T0), 'node-b')).toBe(true);

      // A's "online" lands first, B's "offline" after it.
      expect(await recordDeviceState(db(), first.id, state(true, at(MINUTE)), 'node-a')).toBe(true);
      expect(await recordDeviceState(db(), first.id, state(false, at(2 * MINUTE)), 'node-b')).toBe(false);
      expect(await getDevice(db(), first.id)).toMatchObject({
        online: true,
        presenceNode: 'node-a',
        lastSeenAt: at(MINUTE),
      });

      // B's "offline" lands first (B still held it): applied, but it is no sighting, so A's earlier-stamped
      // connect still counts.
      expect(await recordDeviceState(db(), second.id, state(false, at(2 * MINUTE)), 'node-b')).toBe(true);
      expect(await getDevice(db(), second.id)).toMatchObject({ online: false, lastSeenAt: T0 });
      expect(await recordDeviceState(db(), second.id, state(true, at(MINUTE)), 'node-a')).toBe(true);
      expect(await getDevice(db(), second.id)).toMatchObject({ online: true, presenceNode: 'node-a' });

      // The holder's own "offline" still applies; a stale "online" from B never does.
      expect(await recordDeviceState(db(), second.id, state(true, T0), 'node-b')).toBe(false);
      expect(await recordDeviceState(db(), second.id, state(false, at(3 * MINUTE)), 'node-a')).toBe(true);
      expect(await getDevice(db(), second.id)).toMatchObject({ online: false, presenceNode: 'node-a' });
    });
  });
}
