import { describe, expect, it } from 'vitest';
import { type Device, describeDevice, deviceTable, municipalTime } from './present.js';

const device = (over: Partial<Device>): Device => ({
  id: '6b0f7c1e-1c7d-4c53-9d1e-5f1f3a0d9e11',
  label: 'DEMO-KIOSK-1',
  lifecycle: 'lent',
  lent: true,
  citizenName: 'Aase Pedersen',
  online: true,
  lastSeenAt: '2026-12-07T10:57:31.000Z',
  software: '1.0.0',
  engine: 'gst',
  configVersion: 2,
  targetConfigVersion: 2,
  pendingCommands: 0,
  health: null,
  ...over,
});

describe('devices list as support reads it', () => {
  it('gives times in Copenhagen with their offset, winter and summer', () => {
    expect(municipalTime('2026-12-07T10:57:31.000Z')).toBe('2026-12-07 11:57+01:00');
    expect(municipalTime('2026-07-01T22:30:00.000Z')).toBe('2026-07-02 00:30+02:00');
  });

  it('names the borrower, hides it where the cloud left it out, and shows last seen in local time', () => {
    const table = deviceTable([
      device({}),
      device({ label: 'KBH-2', citizenName: undefined }),
      device({
        label: 'KBH-3',
        lifecycle: 'enrolled',
        lent: false,
        citizenName: null,
        lastSeenAt: null,
        online: false,
      }),
    ]).split('\n');
    expect(table[0]).toMatch(/^LABEL +ID +STATE +LENT TO +LINK +LAST SEEN/);
    expect(table[1]).toMatch(/lent +Aase Pedersen +online +2026-12-07 11:57\+01:00/);
    expect(table[2]).toMatch(/lent +\(hidden\) +online/);
    expect(table[3]).toMatch(/enrolled +- +offline +- /);
  });

  it('says a kiosk taken back and not wiped is returned, with a wipe next, not enrolled (ready)', () => {
    const back = device({
      label: 'KBH-4',
      lifecycle: 'enrolled',
      lent: false,
      citizenName: null,
      returnedUnwipedAt: '2026-12-07T09:00:00.000Z',
    });
    expect(deviceTable([back]).split('\n')[1]).toMatch(/^KBH-4 +\S+ +returned +- /);
    expect(describeDevice(back)).toMatch(
      /state: +returned \(cloud: enrolled\); next: lend, wipe, report_lost/,
    );
  });
});
