import { describe, expect, it } from 'vitest';
import { isProvisioningError } from './errors.js';
import type { Device } from './present.js';
import {
  type CitizenChoice,
  oneCitizen,
  oneKiosk,
  onePool,
  resolveCitizen,
  resolveKiosk,
  type Unit,
} from './resolve.js';

type CloudReader = Parameters<typeof resolveKiosk>[0];

const kiosk = (label: string, id: string, citizenName: string | null = null): Device => ({
  id,
  label,
  lifecycle: citizenName ? 'lent' : 'enrolled',
  lent: citizenName !== null,
  citizenName,
  online: false,
  lastSeenAt: null,
  software: null,
  engine: null,
  configVersion: 1,
  targetConfigVersion: 1,
  pendingCommands: 0,
  health: null,
});
const citizen = (displayName: string, id: string, units: string[], deviceLabel: string | null = null) => ({
  id,
  displayName,
  units,
  deviceLabel,
  ref: id.replace(/-/g, '').slice(0, 6).toUpperCase(),
});
const ids = {
  k1: '11111111-1111-4111-8111-111111111111',
  k2: '22222222-2222-4222-8222-222222222222',
  anna1: 'a1a1a1a1-0000-4000-8000-000000000001',
  anna2: 'b2b2b2b2-0000-4000-8000-000000000002',
  aase: 'c3c3c3c3-0000-4000-8000-000000000003',
};

/** The error `fn` throws, as reason and message. */
function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (!isProvisioningError(error)) throw error;
    return { reason: error.reason, message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('a kiosk by its label', () => {
  const devices = [kiosk('DEMO-KIOSK-1', ids.k1, 'Aase Pedersen'), kiosk('KBH-0002', ids.k2)];

  it('finds the one whose label is typed, in any case', () => {
    expect(oneKiosk(devices, 'DEMO-KIOSK-1').id).toBe(ids.k1);
    expect(oneKiosk(devices, 'demo-kiosk-1').id).toBe(ids.k1);
  });

  it('refuses a label no kiosk has, and says where labels are shown', () => {
    const refused = refusal(() => oneKiosk(devices, 'DEMO-KIOSK'));
    expect(refused.reason).toBe('no_match');
    expect(refused.message).toMatch(/No kiosk is labelled DEMO-KIOSK:/);
    expect(refused.message).toMatch(/devices list/);
  });

  it('refuses labels that differ only in case, listing each with its id', () => {
    const refused = refusal(() =>
      oneKiosk([kiosk('kbh-1', ids.k1), kiosk('KBH-1', ids.k2, 'Knud Olsen')], 'Kbh-1'),
    );
    expect(refused.reason).toBe('no_match');
    expect(refused.message).toContain(ids.k1);
    expect(refused.message).toContain(ids.k2);
    expect(refused.message).toMatch(/nothing was done/);
  });
});

describe('a citizen by name', () => {
  const anna1 = citizen('Anna Hansen', ids.anna1, ['Hjemmeplejen Nørrebro']);
  const anna2 = citizen('Anna Hansen', ids.anna2, ['Plejecenter Solbakken'], 'KBH-0009');
  const aase = citizen('Aase Pedersen', ids.aase, ['Plejecenter Solbakken']);

  it('finds the one whose whole name is typed, whatever the case and spacing', () => {
    expect(oneCitizen([aase], 'aase  PEDERSEN ').id).toBe(ids.aase);
    expect(oneCitizen([anna1, anna2], 'b2b2b2').id).toBe(ids.anna2);
  });

  it('never picks one of two namesakes: lists both with their units and the id to type', () => {
    const refused = refusal(() => oneCitizen([anna1, anna2, aase], 'anna hansen'));
    expect(refused.reason).toBe('no_match');
    expect(refused.message).toMatch(/2 citizens are called anna hansen: nothing was done/);
    expect(refused.message).toMatch(/Anna Hansen \(Ref\. A1A1A1, Hjemmeplejen Nørrebro\) {2}id a1a1a1a1-/);
    expect(refused.message).toMatch(/Ref\. B2B2B2, Plejecenter Solbakken; has KBH-0009\)/);
    expect(refused.message).toContain(ids.anna2);
  });

  it('refuses a name nobody has, offering whole names that contain it but taking none', () => {
    const none = refusal(() => oneCitizen([], 'Aase', [aase]));
    expect(none.reason).toBe('no_match');
    expect(none.message).toMatch(/No citizen is called exactly Aase: nothing was done/);
    expect(none.message).toContain(`Aase Pedersen (Ref. C3C3C3, Plejecenter Solbakken)  id ${ids.aase}`);
    expect(refusal(() => oneCitizen([], 'Xyz')).message).toMatch(/No citizen is called Xyz/);
  });

  it('does not trust one match in a full answer: a namesake may have been left out', () => {
    const crowd: CitizenChoice[] = Array.from({ length: 19 }, (_, i) =>
      citizen(`Anna Hansen-${i}`, `d${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`, []),
    );
    const refused = refusal(() => oneCitizen([...crowd, anna1], 'Anna Hansen'));
    expect(refused.reason).toBe('no_match');
    expect(refused.message).toMatch(/may have left some out/);
  });
});

describe('a night-watch pool by name', () => {
  const units: Unit[] = [
    { id: ids.k1, kind: 'night_watch_pool', name: 'Nattevagten Solbakken' },
    { id: ids.k2, kind: 'facility', name: 'Plejecenter Solbakken' },
  ];

  it('finds the pool, in any case, and only among pools', () => {
    expect(onePool(units, 'nattevagten solbakken').id).toBe(ids.k1);
    const refused = refusal(() => onePool(units, 'Plejecenter Solbakken'));
    expect(refused.reason).toBe('no_match');
    expect(refused.message).toContain(`Nattevagten Solbakken  id ${ids.k1}`);
    expect(onePool(units, ids.k1).name).toBe('Nattevagten Solbakken');
  });
});

describe('resolving against the cloud', () => {
  /** A reader that answers from a table of paths and records what was asked. */
  const reader = (answers: Record<string, unknown>) => {
    const asked: string[] = [];
    const cloud = {
      get: async (path: string) => {
        asked.push(path);
        if (!(path in answers)) throw new Error(`unexpected ${path}`);
        return answers[path];
      },
    };
    return { cloud: cloud as CloudReader, asked };
  };

  it('finds a kiosk in the device list by label or id', async () => {
    const { cloud } = reader({ '/api/devices': { devices: [kiosk('DEMO-KIOSK-1', ids.k1)] } });
    expect((await resolveKiosk(cloud, ids.k1)).label).toBe('DEMO-KIOSK-1');
    expect((await resolveKiosk(cloud, 'demo-kiosk-1')).id).toBe(ids.k1);
  });

  it('asks the lend search for whole names, then for names that contain it when none fits', async () => {
    const { cloud, asked } = reader({
      '/api/devices/citizens?q=Aase&exact=true': { citizens: [] },
      '/api/devices/citizens?q=Aase': {
        citizens: [citizen('Aase Pedersen', ids.aase, ['Plejecenter Solbakken'])],
      },
      '/api/devices/citizens?q=aase+pedersen&exact=true': {
        citizens: [citizen('Aase Pedersen', ids.aase, ['Plejecenter Solbakken'])],
      },
    });
    await expect(resolveCitizen(cloud, 'Aase')).rejects.toMatchObject({
      reason: 'no_match',
    });
    expect((await resolveCitizen(cloud, 'aase pedersen')).id).toBe(ids.aase);
    expect(asked).toEqual([
      '/api/devices/citizens?q=Aase&exact=true',
      '/api/devices/citizens?q=Aase',
      '/api/devices/citizens?q=aase+pedersen&exact=true',
    ]);
  });
});
