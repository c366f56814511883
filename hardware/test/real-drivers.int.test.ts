import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../../test-support/requirements.js';
import { isHardwareError } from '../src/errors.js';
import { FB_BLANK_POWERDOWN, FB_BLANK_UNBLANK, openBacklightScreen } from '../src/real/backlight-screen.js';
import { openGstSpeaker } from '../src/real/gst-speaker.js';
import { screenSuite } from './suites/screen.js';
import { speakerSuite } from './suites/speaker.js';

/**
 * The real sysfs backlight driver on a fake /sys/class/backlight in a temp dir, and the real GStreamer
 * speaker with a fakesink (a real gst-launch-1.0 process, no sound card needed).
 */
const logger = pino({ level: 'silent' });
const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function fakeBacklight(device: string, files: { max: number; brightness: number; power: number }) {
  const root = await mkdtemp(join(tmpdir(), 'sysfs-backlight-'));
  roots.push(root);
  const dir = join(root, device);
  await mkdir(dir);
  await writeFile(join(dir, 'max_brightness'), `${files.max}\n`);
  await writeFile(join(dir, 'brightness'), `${files.brightness}\n`);
  await writeFile(join(dir, 'bl_power'), `${files.power}\n`);
  const read = async (file: string) => Number.parseInt(await readFile(join(dir, file), 'utf8'), 10);
  return { root, dir, read };
}

for (const max of [255, 31]) {
  screenSuite(`sysfs backlight, max_brightness ${max}`, async () => {
    const fake = await fakeBacklight('10-0045', { max, brightness: max, power: FB_BLANK_UNBLANK });
    const screen = await openBacklightScreen({ device: '10-0045', root: fake.root });
    return {
      screen,
      observe: async () => ({
        on: (await fake.read('bl_power')) === FB_BLANK_UNBLANK,
        brightness: ((await fake.read('brightness')) / max) * 100,
      }),
      step: 100 / max,
      close: () => screen.close(),
    };
  });
}

describe('sysfs backlight driver', () => {
  it('writes FB_BLANK values to bl_power and maps percent onto max_brightness', async () => {
    const fake = await fakeBacklight('rpi_backlight', { max: 31, brightness: 31, power: FB_BLANK_UNBLANK });
    const screen = await openBacklightScreen({ device: 'rpi_backlight', root: fake.root });
    await screen.setPower(false);
    expect(await fake.read('bl_power')).toBe(4);
    await screen.setBrightness(50);
    expect(await fake.read('brightness')).toBe(16);
    await screen.close();
  });

  it('starts from what the device reports', async () => {
    const fake = await fakeBacklight('10-0045', { max: 200, brightness: 50, power: FB_BLANK_POWERDOWN });
    const screen = await openBacklightScreen({ device: '10-0045', root: fake.root });
    expect(screen.state).toEqual({ on: false, brightness: 25 });
    await screen.close();
  });

  it('names the devices it found when the configured one is missing', async () => {
    const fake = await fakeBacklight('10-0045', { max: 255, brightness: 255, power: 0 });
    const error = await openBacklightScreen({ device: 'dsi-panel', root: fake.root }).catch(
      (e: unknown) => e,
    );
    expect(isHardwareError(error, 'unavailable')).toBe(true);
    expect((error as Error).message).toContain('devices: 10-0045');
  });

  it('reports a write the kernel refuses as an io error and keeps the old state', async () => {
    const fake = await fakeBacklight('10-0045', { max: 255, brightness: 255, power: 0 });
    const screen = await openBacklightScreen({ device: '10-0045', root: fake.root });
    // A directory where the file should be makes the write fail, as a read-only sysfs attribute would.
    await rm(join(fake.dir, 'brightness'));
    await mkdir(join(fake.dir, 'brightness'));
    const error = await screen.setBrightness(10).catch((e: unknown) => e);
    expect(isHardwareError(error, 'io')).toBe(true);
    expect(screen.state.brightness).toBe(100);
    await screen.setPower(false);
    expect(screen.state.on).toBe(false);
    await screen.close();
  });
});

const gst = spawnSync('gst-launch-1.0', ['--version']).status === 0;
const hasGst = requireOrSkip(
  'GStreamer gst-launch-1.0',
  gst,
  'apt-get install gstreamer1.0-tools gstreamer1.0-plugins-base',
);

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(hasGst)('GStreamer speaker', () => {
  speakerSuite('gst-launch-1.0 with fakesink', async () => {
    const speaker = await openGstSpeaker({ sink: 'fakesink', logger });
    return {
      speaker,
      observe: () => ({
        sounding: speaker.state.tone !== null && alive(speaker.pid),
        producer: speaker.pid,
      }),
      pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      close: () => speaker.close(),
    };
  });

  it('kills the pipeline process on stop', async () => {
    const speaker = await openGstSpeaker({ sink: 'fakesink', logger });
    await speaker.play('ring');
    const pid = speaker.pid;
    expect(alive(pid)).toBe(true);
    await speaker.stop('ring');
    expect(alive(pid)).toBe(false);
    await speaker.close();
  });

  it('restarts the pipeline at the new volume', async () => {
    const speaker = await openGstSpeaker({ sink: 'fakesink', logger, volume: 20 });
    await speaker.play('ring');
    const before = speaker.pid;
    await speaker.setVolume(90);
    expect(speaker.pid).not.toBe(before);
    expect(alive(before)).toBe(false);
    const cmdline = await readFile(`/proc/${speaker.pid}/cmdline`, 'utf8');
    expect(cmdline.split('\0')).toContain('volume=0.90');
    await speaker.close();
  });

  it('plays the ringback and the not-reached tone as their own sounds, apart from the ring', async () => {
    const speaker = await openGstSpeaker({ sink: 'fakesink', logger, toneHz: 1000 });
    const args = async () => (await readFile(`/proc/${speaker.pid}/cmdline`, 'utf8')).split('\0');
    await speaker.play('ring');
    expect(await args()).toEqual(expect.arrayContaining(['freq=1000', 'tick-interval=1000000000']));
    // The Danish ringing tone: 425 Hz, 1 s on, 4 s off; the configured ring pitch is the ring's alone.
    await speaker.play('ringback');
    expect(await args()).toEqual(
      expect.arrayContaining(['freq=425', 'sine-periods-per-tick=425', 'tick-interval=5000000000']),
    );
    // Busy beeps, 0.25 s on and off, ending after 1.5 s (150 buffers of 10 ms).
    await speaker.play('not-reached');
    expect(await args()).toEqual(
      expect.arrayContaining(['freq=425', 'tick-interval=500000000', 'num-buffers=150']),
    );
    await speaker.close();
  });

  it('notices a pipeline that dies and reports not ringing', async () => {
    const speaker = await openGstSpeaker({ sink: 'fakesink', logger });
    await speaker.play('ring');
    const pid = speaker.pid!;
    const died = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (!speaker.state.ringing) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    process.kill(pid, 'SIGKILL');
    await died;
    await speaker.play('ring');
    expect(speaker.state.ringing).toBe(true);
    await speaker.close();
  });

  it('fails play with the pipeline error when the sink cannot be made', async () => {
    const speaker = await openGstSpeaker({ sink: 'nosuchsink', logger });
    const error = await speaker.play('ring').catch((e: unknown) => e);
    expect(isHardwareError(error, 'io')).toBe(true);
    expect((error as Error).message).toContain('nosuchsink');
    expect(speaker.state.ringing).toBe(false);
    await speaker.close();
  });
});

describe('GStreamer speaker without GStreamer', () => {
  it('reports a missing gst-launch-1.0 as unavailable', async () => {
    const error = await openGstSpeaker({ gstLaunch: '/nonexistent/gst-launch-1.0', logger }).catch(
      (e: unknown) => e,
    );
    expect(isHardwareError(error, 'unavailable')).toBe(true);
  });

  it('refuses a sink that smuggles in a pipeline', async () => {
    const error = await openGstSpeaker({ sink: 'fakesink ! filesink location=/tmp/x', logger }).catch(
      (e: unknown) => e,
    );
    expect(isHardwareError(error, 'invalid_config')).toBe(true);
  });
});
