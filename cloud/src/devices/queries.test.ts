import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Device } from '../db/index.js';
import { assembleSummaries, type SummaryRows } from './queries.js';

const T0 = new Date('2026-12-07T08:00:00.000Z');

function kiosk(label: string, more: Partial<Device> = {}): Device {
  return {
    id: randomUUID(),
    municipalityId: randomUUID(),
    label,
    hardwareId: `hw-${label}`,
    lifecycle: 'enrolled',
    citizenId: null,
    enrolmentCodeHash: null,
    enrolmentExpiresAt: null,
    credentialHash: 'hash',
    credentialRevokedAt: null,
    online: true,
    lastSeenAt: T0,
    presenceNode: null,
    state: 'idle',
    engine: null,
    software: null,
    configVersion: 0,
    configSchema: null,
    heldAs: null,
    heldSince: null,
    collectSince: null,
    returnedAt: null,
    returnedFromCitizenId: null,
    createdAt: T0,
    ...more,
  };
}

const health = (deviceId: string, rttMs: number) => ({
  deviceId,
  uptimeS: rttMs * 10,
  rttMs,
  temperatureC: rttMs / 2,
  reportedAt: T0,
});

const NO_ROWS: SummaryRows = { health: [], targets: [], pending: [], names: [], wipes: new Map() };

describe('the kiosk list gives each kiosk its own rows', () => {
  it('pairs health, target version, pending commands and borrower with the kiosk they belong to, whatever their order', () => {
    const borrower = randomUUID();
    const a = kiosk('KBH-0001');
    const b = kiosk('KBH-0002', { citizenId: borrower });
    const c = kiosk('KBH-0003');
    // Rows come back in the database's order, not the list's; B has no health and C no target.
    const rows: SummaryRows = {
      health: [health(c.id, 300), health(a.id, 40)],
      targets: [
        { deviceId: b.id, version: 7 },
        { deviceId: a.id, version: 2 },
      ],
      pending: [
        { deviceId: c.id, n: 3, wipes: 1 },
        { deviceId: b.id, n: 1, wipes: 0 },
      ],
      names: [{ id: borrower, name: 'Aase Pedersen' }],
      wipes: new Map(),
    };
    const [sa, sb, sc] = assembleSummaries([a, b, c], rows, true);
    expect(sa).toMatchObject({
      label: 'KBH-0001',
      targetConfigVersion: 2,
      pendingCommands: 0,
      citizenName: null,
    });
    expect(sa?.health?.rttMs).toBe(40);
    expect(sb).toMatchObject({
      label: 'KBH-0002',
      targetConfigVersion: 7,
      pendingCommands: 1,
      wipePending: false,
      lent: true,
      citizenName: 'Aase Pedersen',
      health: null,
    });
    expect(sc).toMatchObject({
      label: 'KBH-0003',
      targetConfigVersion: 0,
      pendingCommands: 3,
      wipePending: true,
    });
    expect(sc?.health?.rttMs).toBe(300);
  });

  it('pairs every kiosk of a long list with its own health and pending count', () => {
    const devices = Array.from({ length: 400 }, (_, i) => kiosk(`KBH-${String(i).padStart(4, '0')}`));
    // Reversed, and every third kiosk without health: a pairing by position or by a neighbour shows at once.
    const rows: SummaryRows = {
      ...NO_ROWS,
      health: devices.flatMap((d, i) => (i % 3 === 0 ? [] : [health(d.id, i)])).reverse(),
      pending: devices.map((d, i) => ({ deviceId: d.id, n: i + 1, wipes: 0 })).reverse(),
    };
    const summaries = assembleSummaries(devices, rows, false);
    expect(summaries.map((s) => s.label)).toEqual(devices.map((d) => d.label));
    summaries.forEach((s, i) => {
      expect(s.pendingCommands).toBe(i + 1);
      expect(s.health?.rttMs ?? null).toBe(i % 3 === 0 ? null : i);
    });
  });

  it('names no borrower to vendor support, though the kiosk is lent', () => {
    const borrower = randomUUID();
    const lent = kiosk('KBH-0009', { citizenId: borrower, lifecycle: 'lent' });
    const [summary] = assembleSummaries(
      [lent],
      { ...NO_ROWS, names: [{ id: borrower, name: 'Aase' }] },
      false,
    );
    expect(summary?.lent).toBe(true);
    expect(summary).not.toHaveProperty('citizenName');
    expect(summary).not.toHaveProperty('citizenId');
  });
});

describe('a kiosk’s enrolment code in the list', () => {
  it('says until when a code made and not used works, never the code, and nothing once it is used', () => {
    const until = new Date('2026-12-14T08:00:00.000Z');
    const [made, used, none] = assembleSummaries(
      [
        kiosk('KBH-0001', {
          lifecycle: 'registered',
          enrolmentCodeHash: 'code-hash',
          enrolmentExpiresAt: until,
        }),
        // Redeemed: the hash is gone (db/repos/devices.ts redeemEnrolmentCode); an expiry left alone means nothing.
        kiosk('KBH-0002', { enrolmentCodeHash: null, enrolmentExpiresAt: until }),
        kiosk('KBH-0003', { lifecycle: 'registered' }),
      ],
      NO_ROWS,
      true,
    );
    expect(made!.enrolmentCodeUntil).toBe(until.toISOString());
    expect(JSON.stringify(made)).not.toContain('code-hash');
    expect(used!.enrolmentCodeUntil).toBeNull();
    expect(none!.enrolmentCodeUntil).toBeNull();
  });
});
