import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { looksLikeStackTrace, type SupportCloud, startSupportCloud } from './support-cloud.js';

/**
 * Support works by names: the demo kiosk by its label, citizens and the night-watch pool by name, against a REAL
 * cloud (support-cloud.ts). A name that fits none or several changes nothing and says what to type instead.
 */
let kit: SupportCloud;
const units: Record<string, string> = {};

beforeAll(async () => {
  kit = await startSupportCloud();
  const login = await kit.cliProcess([
    'login',
    '--url',
    kit.base,
    '--username',
    'sofie.berg',
    '--password',
    'Kaffekande-Trappe-Vindue-47',
    '--totp',
    await kit.code(1),
  ]);
  if (login.exit !== 0) throw new Error(`login failed: ${login.err}`);
  for (const u of (await kit.client().get('/api/units')) as { id: string; name: string }[])
    units[u.name] = u.id;
}, 120_000);

afterAll(async () => {
  await kit?.stop();
});

/** A citizen made through the API, enrolled in one unit (what tells namesakes apart). */
async function citizen(displayName: string, unit: string): Promise<string> {
  const cloud = kit.client();
  const { id } = (await cloud.post('/api/citizens', { displayName })) as { id: string };
  await cloud.post('/api/enrolments', { citizenId: id, unitId: units[unit] });
  return id;
}

const borrower = async () =>
  /lent to: +(.*)/.exec((await kit.cli('devices', 'show', 'DEMO-KIOSK-1')).out)?.[1];

describe('screenvisit-support by label and by name', () => {
  it('lists each kiosk with its borrower by name; --json keeps its fields and adds none renamed', async () => {
    const listed = await kit.cli('devices', 'list');
    expect(listed.exit).toBe(0);
    expect(listed.out.split('\n')[0]).toMatch(/^LABEL +ID +STATE +LENT TO +LINK +LAST SEEN/);
    expect(listed.out).toMatch(/DEMO-KIOSK-1 +[0-9a-f-]{36} +lent, not enrolled +Aase Pedersen +offline +- /);
    const [json] = JSON.parse((await kit.cli('devices', 'list', '--json')).out) as Record<string, unknown>[];
    expect(json).toMatchObject({ label: 'DEMO-KIOSK-1', citizenName: 'Aase Pedersen', lastSeenAt: null });
  });

  it('takes the demo kiosk back and lends it again by label and name, in any case', async () => {
    const back = await kit.cli('devices', 'return', 'demo-kiosk-1');
    expect(back).toMatchObject({ exit: 0, err: '' });
    expect(back.out).toMatch(/^DEMO-KIOSK-1 is back/);
    expect(await borrower()).toBe('nobody');

    const lent = await kit.cli('devices', 'lend', 'Demo-Kiosk-1', 'aase   PEDERSEN');
    expect(lent).toMatchObject({ exit: 0, err: '' });
    expect(lent.out).toMatch(/^DEMO-KIOSK-1 is now lent to Aase Pedersen\. It is not enrolled yet/);
    expect(await borrower()).toBe('Aase Pedersen');
    expect((await kit.cli('devices', 'return', 'DEMO-KIOSK-1')).exit).toBe(0);
  });

  it('never lends to one of two namesakes: lists both with their unit and id, and lends nothing', async () => {
    const nørrebro = await citizen('Test Navnesen', 'Hjemmeplejen Nørrebro');
    const solbakken = await citizen('Test Navnesen', 'Plejecenter Solbakken');
    const run = await kit.cliProcess(['devices', 'lend', 'DEMO-KIOSK-1', 'test navnesen']);
    expect(run.exit).toBe(7);
    expect(run.err).toMatch(/2 citizens are called test navnesen: nothing was done/);
    expect(run.err).toMatch(/Test Navnesen \(Ref\. [0-9A-F]{6}, Hjemmeplejen Nørrebro\)/);
    expect(run.err).toContain(`id ${nørrebro}`);
    expect(run.err).toMatch(/Test Navnesen \(Ref\. [0-9A-F]{6}, Plejecenter Solbakken\)/);
    expect(run.err).toContain(`id ${solbakken}`);
    expect(run.err).not.toMatch(looksLikeStackTrace);
    expect(await borrower()).toBe('nobody');

    // The id from the list lends to that one.
    const byId = await kit.cli('devices', 'lend', 'DEMO-KIOSK-1', solbakken);
    expect(byId.out).toMatch(/^DEMO-KIOSK-1 is now lent to Test Navnesen\./);
    expect((await kit.cli('devices', 'return', 'DEMO-KIOSK-1')).exit).toBe(0);
  });

  it('refuses a name or label that fits nobody, saying what to type, and changes nothing', async () => {
    const part = await kit.cliProcess(['devices', 'lend', 'DEMO-KIOSK-1', 'Aase']);
    expect(part.exit).toBe(7);
    expect(part.err).toMatch(/No citizen is called exactly Aase: nothing was done/);
    expect(part.err).toMatch(
      /Aase Pedersen \(Ref\. [0-9A-F]{6}, Plejecenter Solbakken\) {2}id [0-9a-f-]{36}/,
    );
    const kiosk = await kit.cliProcess(['devices', 'lend', 'DEMO-KIOSK-9', 'Aase Pedersen']);
    expect(kiosk.exit).toBe(7);
    expect(kiosk.err).toMatch(/No kiosk is labelled DEMO-KIOSK-9/);
    expect(await borrower()).toBe('nobody');
  });

  it('sets the night-watch pool by its name', async () => {
    const run = await kit.cli(
      'devices',
      'config',
      'demo-kiosk-1',
      '--night-watch',
      'on',
      '--pool',
      'nattevagten solbakken',
    );
    expect(run).toMatchObject({ exit: 0, err: '' });
    const shown = JSON.parse((await kit.cli('devices', 'show', 'DEMO-KIOSK-1', '--json')).out) as {
      targetConfig: { nightWatch: { enabled: boolean; poolId: string } };
    };
    expect(shown.targetConfig.nightWatch).toMatchObject({
      enabled: true,
      poolId: units['Nattevagten Solbakken'],
    });
    const wrong = await kit.cli('devices', 'config', 'DEMO-KIOSK-1', '--pool', 'Plejecenter Solbakken');
    expect(wrong.exit).toBe(7);
    expect(wrong.err).toMatch(
      /No night-watch pool is named Plejecenter Solbakken[\s\S]*Nattevagten Solbakken {2}id/,
    );
  });

  it('explains an empty name or a label with spaces with exit code 2 and no stack trace', async () => {
    for (const argv of [
      ['devices', 'lend', 'DEMO-KIOSK-1', ''],
      ['devices', 'lend', 'DEMO-KIOSK-1', 'Aase', 'Pedersen'],
      ['devices', 'return', 'DEMO KIOSK 1'],
      ['devices', 'config', 'DEMO-KIOSK-1', '--pool', ' '],
    ]) {
      const run = await kit.cliProcess(argv);
      expect(run.exit, argv.join(' ')).toBe(2);
      expect(run.err).toMatch(/in quotes|no spaces/);
      expect(run.err).not.toMatch(looksLikeStackTrace);
    }
  });

  it('the lend search answers whole names only when asked (exact=true), in any case', async () => {
    const cloud = kit.client();
    const names = async (query: string) =>
      (
        (await cloud.get(`/api/devices/citizens?${query}`)) as { citizens: { displayName: string }[] }
      ).citizens.map((c) => c.displayName);
    expect(await names('q=aase')).toEqual(['Aase Pedersen']);
    expect(await names('q=aase&exact=true')).toEqual([]);
    expect(await names('q=AASE%20PEDERSEN&exact=true')).toEqual(['Aase Pedersen']);
  });
});
