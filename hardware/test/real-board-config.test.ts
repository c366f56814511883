import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type HardwareError, isHardwareError } from '../src/errors.js';
import { createRealBoard } from '../src/real/board.js';
import { parseRealBoardConfig } from '../src/real/config.js';

const valid = {
  answerButtonPin: 17,
  nightWatchButtonPin: 27,
  statusLedPin: 22,
  nightWatchLedPin: 23,
  backlightDevice: '10-0045',
};

function problemsOf(input: unknown): readonly string[] {
  try {
    parseRealBoardConfig(input);
  } catch (error) {
    expect(isHardwareError(error, 'invalid_config')).toBe(true);
    return (error as HardwareError).problems;
  }
  throw new Error('expected the config to be refused');
}

describe('real board config', () => {
  it('fills in defaults for a complete pin map', () => {
    expect(parseRealBoardConfig(valid)).toMatchObject({
      ...valid,
      audioSink: 'autoaudiosink',
      buttonActiveLow: true,
      debounceMs: 30,
      longPressMs: 1_500,
      gpioSysfsRoot: '/sys/class/gpio',
    });
  });

  it('accepts numbers and booleans as environment strings', () => {
    const config = parseRealBoardConfig({
      ...valid,
      answerButtonPin: '5',
      buttonActiveLow: 'false',
      longPressMs: '2000',
    });
    expect(config).toMatchObject({ answerButtonPin: 5, buttonActiveLow: false, longPressMs: 2_000 });
  });

  it('lists everything missing in one error', () => {
    const problems = problemsOf({ statusLedPin: 22, audioSink: 'alsasink' });
    expect(problems).toEqual([
      'missing: answerButtonPin, nightWatchButtonPin, nightWatchLedPin, backlightDevice',
    ]);
    expect(problemsOf(undefined)[0]).toContain('answerButtonPin');
  });

  it('lists each invalid value with its key', () => {
    const problems = problemsOf({
      ...valid,
      answerButtonPin: 40,
      statusLedPin: 'x',
      backlightDevice: '../../etc',
      debounceMs: -1,
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'answerButtonPin',
      'statusLedPin',
      'backlightDevice',
      'debounceMs',
    ]);
  });

  it('refuses one pin for two parts, and a long press no longer than the debounce window', () => {
    const problems = problemsOf({ ...valid, nightWatchLedPin: 27, statusLedPin: 27, longPressMs: 20 });
    expect(problems).toEqual([
      'statusLedPin: GPIO 27 is also nightWatchButtonPin',
      'nightWatchLedPin: GPIO 27 is also nightWatchButtonPin',
      'longPressMs: must be greater than debounceMs',
    ]);
  });

  it('refuses a bad config before touching any hardware', async () => {
    const error = await createRealBoard({ ...valid, statusLedPin: undefined } as never).catch(
      (e: unknown) => e,
    );
    expect(isHardwareError(error, 'invalid_config')).toBe(true);
    expect((error as Error).message).toContain('missing: statusLedPin');
  });

  // Runs wherever there is no GPIO (CI included). On a Pi it would open real pins, so there the `pi` vitest
  // project (real-pi.pi.test.ts, HARDWARE_TEST_REAL=1) covers the real board instead.
  it.skipIf(existsSync('/sys/class/gpio'))('reports a machine without GPIO as unavailable', async () => {
    const error = await createRealBoard(valid, { logger: pino({ level: 'silent' }) }).catch(
      (e: unknown) => e,
    );
    expect(isHardwareError(error, 'unavailable')).toBe(true);
    expect((error as Error).message).toMatch(/GPIO is not accessible/);
  });
});
