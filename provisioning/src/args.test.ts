import { describe, expect, it } from 'vitest';
import { parseCommand } from './args.js';
import { isProvisioningError } from './errors.js';

const kiosk = '6b0f7c1e-1c7d-4c53-9d1e-5f1f3a0d9e11';

/** The usage error parseCommand throws for argv, or null when it parses. */
function refusal(argv: string[]) {
  try {
    parseCommand(argv);
    return null;
  } catch (error) {
    if (!isProvisioningError(error)) throw error;
    return { reason: error.reason, message: error.message };
  }
}

describe('devices config', () => {
  it('refuses --auto-answer and --countdown and says auto-answer is the citizen’s setting and where to change it', () => {
    for (const argv of [
      ['devices', 'config', kiosk, '--auto-answer', 'on'],
      ['devices', 'config', kiosk, '--countdown', '15'],
      ['devices', 'config', kiosk, '--volume', '40', '--auto-answer', 'off', '--countdown', '10'],
    ]) {
      const refused = refusal(argv);
      expect(refused?.reason, argv.join(' ')).toBe('usage');
      expect(refused?.message).toMatch(/citizen's own setting/);
      expect(refused?.message).toMatch(/Borgere/);
      expect(refused?.message).toMatch(/PUT \/api\/citizens\/\{id\}\/auto-answer/);
    }
  });

  it('still takes the kiosk’s own settings, validated', () => {
    expect(
      parseCommand(['devices', 'config', kiosk, '--volume', '40', '--quiet-hours', '22:00-07:00']),
    ).toEqual({
      kind: 'config',
      kiosk,
      flags: { volume: 40, 'quiet-hours': { start: '22:00', end: '07:00' } },
    });
    expect(refusal(['devices', 'config', kiosk, '--volume', '101'])?.message).toMatch(/volume/);
    expect(refusal(['devices', 'config', kiosk])?.message).toMatch(/give at least one setting/);
  });
});

describe('kiosks, citizens and pools as typed', () => {
  it('takes a pool by name, and a citizen name with its spaces tidied', () => {
    expect(parseCommand(['devices', 'config', 'KBH-1', '--pool', 'Nattevagten Solbakken'])).toMatchObject({
      flags: { pool: 'Nattevagten Solbakken' },
    });
    expect(parseCommand(['devices', 'lend', 'kbh-1', '  Aase   Pedersen '])).toMatchObject({
      citizen: 'Aase Pedersen',
    });
  });

  it('refuses an empty name, a label with spaces and an empty pool before the cloud is asked', () => {
    expect(refusal(['devices', 'lend', 'KBH-1', '  '])?.message).toMatch(/citizen's name in quotes/);
    expect(refusal(['devices', 'return', 'KBH 1'])?.message).toMatch(/no spaces, e.g. KBH-0001/);
    expect(refusal(['devices', 'register', 'KBH-1', 'KBH 2'])?.reason).toBe('usage');
    expect(refusal(['devices', 'config', 'KBH-1', '--pool', ' '])?.message).toMatch(/pool's name/);
  });
});
