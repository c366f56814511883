import { isConfigError } from '@screenvisit/protocol/env';
import { describe, expect, it } from 'vitest';
import { describeConfigError, parseDeviceEnv } from './env.js';

const valid = {
  CLOUD_URL: 'https://cloud.example',
  MQTT_URL: 'mqtts://cloud.example:8883',
  HARDWARE: 'sim',
};
const wired = {
  ...valid,
  GPIO_ANSWER_BUTTON: '5',
  GPIO_NIGHT_WATCH_BUTTON: '6',
  GPIO_STATUS_LED: '13',
  GPIO_NIGHT_WATCH_LED: '19',
  BACKLIGHT_DEVICE: '10-0045',
};

function problemsOf(raw: Record<string, string | undefined>): readonly string[] {
  try {
    parseDeviceEnv(raw, () => 'machine-1');
  } catch (e) {
    if (isConfigError(e)) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('kiosk configuration from the environment', () => {
  it('fills defaults and takes the hardware id from the machine when unset', () => {
    expect(parseDeviceEnv(valid, () => 'machine-1')).toMatchObject({
      DATA_DIR: '/var/lib/screenvisit-kiosk',
      HEARTBEAT_SECONDS: 30,
      LOG_LEVEL: 'info',
      HARDWARE_ID: 'machine-1',
      ENROLMENT_CODE: undefined,
      DEV_CONTROL_PORT: undefined,
    });
  });

  it('normalises the enrolment code and coerces numbers', () => {
    const env = parseDeviceEnv(
      { ...valid, ENROLMENT_CODE: ' abcd-1234-efgh ', HEARTBEAT_SECONDS: '10', DEV_CONTROL_PORT: '8099' },
      () => 'x',
    );
    expect(env).toMatchObject({
      ENROLMENT_CODE: 'ABCD-1234-EFGH',
      HEARTBEAT_SECONDS: 10,
      DEV_CONTROL_PORT: 8099,
    });
  });

  it('lists every problem at once, naming each variable', () => {
    const problems = problemsOf({
      CLOUD_URL: 'ftp://cloud.example',
      MQTT_URL: 'http://cloud.example',
      HARDWARE: 'fpga',
      ENROLMENT_CODE: 'nope',
      HEARTBEAT_SECONDS: '1',
      LOG_LEVEL: 'loud',
    });
    const named = problems.map((p) => p.split(' ')[0]);
    expect(named).toEqual([
      'CLOUD_URL',
      'MQTT_URL',
      'HARDWARE',
      'ENROLMENT_CODE',
      'HEARTBEAT_SECONDS',
      'LOG_LEVEL',
    ]);
  });

  it('refuses a heartbeat interval the cloud would take for three missed beats, and says why', () => {
    expect(parseDeviceEnv({ ...valid, HEARTBEAT_SECONDS: '30' }, () => 'x').HEARTBEAT_SECONDS).toBe(30);
    expect(problemsOf({ ...valid, HEARTBEAT_SECONDS: '31' })).toEqual([
      expect.stringMatching(
        /^HEARTBEAT_SECONDS is invalid \(at most 30: the cloud shows a kiosk offline after 3 missed heartbeats \(DEVICE_OFFLINE_AFTER_SECONDS, at least 90 s\)\)/,
      ),
    ]);
    expect(problemsOf({ ...valid, HEARTBEAT_SECONDS: '3600' })).toHaveLength(1);
  });

  it('says which required variables are missing', () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^CLOUD_URL is required/),
      expect.stringMatching(/^MQTT_URL is required/),
      expect.stringMatching(/^HARDWARE is required/),
    ]);
  });

  it('refuses the dev control page on real hardware, together with the other problems', () => {
    const problems = problemsOf({ ...wired, HARDWARE: 'real', DEV_CONTROL_PORT: '8099', CLOUD_URL: 'nope' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^CLOUD_URL/);
    expect(problems[1]).toMatch(/^DEV_CONTROL_PORT is set but HARDWARE is not `sim`/);
  });

  it('checks the board wiring on real hardware and names the variables to fix', () => {
    expect(() => parseDeviceEnv({ ...wired, HARDWARE: 'real' }, () => 'x')).not.toThrow();
    const problems = problemsOf({
      ...valid,
      HARDWARE: 'real',
      GPIO_STATUS_LED: '99',
      GPIO_ANSWER_BUTTON: '5',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/missing: GPIO_NIGHT_WATCH_BUTTON, GPIO_NIGHT_WATCH_LED, BACKLIGHT_DEVICE/);
    expect(problems[0]).toMatch(/GPIO_STATUS_LED: /);
  });

  it('explains an invalid configuration in one paragraph', () => {
    try {
      parseDeviceEnv({ HARDWARE: 'sim' }, () => 'x');
      expect.unreachable();
    } catch (e) {
      if (!isConfigError(e)) throw e;
      const text = describeConfigError(e);
      expect(text).not.toContain('\n');
      expect(text).toMatch(
        /^screenvisit-kiosk cannot start: the configuration is invalid\. CLOUD_URL is required/,
      );
      expect(text).toContain('MQTT_URL is required');
    }
  });

  it('never echoes a value, which may be a secret', () => {
    const problems = problemsOf({ ...valid, MQTT_URL: 'http://user:hunter2-secret@x' });
    expect(problems.join(' ')).not.toContain('hunter2');
  });
});
