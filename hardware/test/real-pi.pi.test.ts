import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { describe } from 'vitest';
import { z } from 'zod';
import { FB_BLANK_UNBLANK, openBacklightScreen } from '../src/real/backlight-screen.js';
import { openGpioButton } from '../src/real/gpio-button.js';
import { openGpioLed } from '../src/real/gpio-led.js';
import { resolveGpioNumber } from '../src/real/gpio-number.js';
import { openGstSpeaker } from '../src/real/gst-speaker.js';
import { loadGpio } from '../src/real/onoff.js';
import { buttonSuite } from './suites/button.js';
import { ledSuite } from './suites/led.js';
import { screenSuite } from './suites/screen.js';
import { speakerSuite } from './suites/speaker.js';

/**
 * The shared suites against the real drivers on a Raspberry Pi: GPIO through onoff, the panel's own
 * backlight, the speaker through a real audio sink. Opt-in (HARDWARE_TEST_REAL=1) because it drives pins;
 * the wiring it expects is in hardware/README.md ("Running the shared suites on a Pi").
 */
const env = z
  .object({
    HARDWARE_TEST_REAL: z.literal('1').optional(),
    HARDWARE_TEST_BUTTON_PIN: z.coerce.number().int().min(0).max(27).optional(),
    HARDWARE_TEST_LOOPBACK_PIN: z.coerce.number().int().min(0).max(27).optional(),
    HARDWARE_TEST_LED_PIN: z.coerce.number().int().min(0).max(27).optional(),
    HARDWARE_TEST_BACKLIGHT: z.string().min(1).optional(),
    HARDWARE_TEST_AUDIO_SINK: z.string().min(1).default('autoaudiosink'),
  })
  .parse(process.env);

const real = env.HARDWARE_TEST_REAL === '1';
const logger = pino({ level: 'warn' });
const wait = (ms: number) => sleep(ms);

if (real) {
  const unset = (
    [
      'HARDWARE_TEST_BUTTON_PIN',
      'HARDWARE_TEST_LOOPBACK_PIN',
      'HARDWARE_TEST_LED_PIN',
      'HARDWARE_TEST_BACKLIGHT',
    ] as const
  ).filter((key) => env[key] === undefined);
  if (unset.length > 0)
    console.warn(`[hardware] HARDWARE_TEST_REAL=1 but ${unset.join(', ')} unset: those suites are SKIPPED.`);
} else {
  // This file belongs to the `pi` vitest project, which exists only when HARDWARE_TEST_REAL=1 (vitest.config.ts).
  throw new Error(
    'hardware/test/real-pi.pi.test.ts drives real pins: run it on a Pi with HARDWARE_TEST_REAL=1.',
  );
}

describe.runIf(
  real && env.HARDWARE_TEST_BUTTON_PIN !== undefined && env.HARDWARE_TEST_LOOPBACK_PIN !== undefined,
)('real GPIO button (loopback pin wired to the button pin)', () => {
  const debounceMs = 50;
  const longPressMs = 600;
  buttonSuite('onoff GPIO button', async () => {
    const Gpio = await loadGpio();
    // The loopback output drives the button input directly, so the input is active-high here.
    const drive = new Gpio(await resolveGpioNumber(env.HARDWARE_TEST_LOOPBACK_PIN!), 'low');
    const button = openGpioButton({
      Gpio,
      name: 'answer',
      gpio: await resolveGpioNumber(env.HARDWARE_TEST_BUTTON_PIN!),
      activeLow: false,
      debounceMs,
      longPressMs,
      logger,
    });
    return {
      button,
      setLevel: (level) => drive.write(level),
      wait,
      debounceMs,
      longPressMs,
      close: async () => {
        await button.close();
        drive.writeSync(0);
        drive.unexport();
      },
    };
  });
});

describe.runIf(real && env.HARDWARE_TEST_LED_PIN !== undefined)('real GPIO LED', () => {
  ledSuite('onoff GPIO LED', async () => {
    const Gpio = await loadGpio();
    const led = openGpioLed({
      Gpio,
      name: 'status',
      gpio: await resolveGpioNumber(env.HARDWARE_TEST_LED_PIN!),
      logger,
    });
    return { led, level: () => led.readLevel(), wait, close: () => led.close() };
  });
});

describe.runIf(real && env.HARDWARE_TEST_BACKLIGHT !== undefined)('real backlight', () => {
  screenSuite(`/sys/class/backlight/${env.HARDWARE_TEST_BACKLIGHT}`, async () => {
    const dir = join('/sys/class/backlight', env.HARDWARE_TEST_BACKLIGHT!);
    const read = async (file: string) => Number.parseInt(await readFile(join(dir, file), 'utf8'), 10);
    const max = await read('max_brightness');
    const screen = await openBacklightScreen({ device: env.HARDWARE_TEST_BACKLIGHT! });
    return {
      screen,
      observe: async () => ({
        on: (await read('bl_power')) === FB_BLANK_UNBLANK,
        brightness: ((await read('brightness')) / max) * 100,
      }),
      step: 100 / max,
      // Leave the kiosk usable whatever the test did.
      close: async () => {
        await screen.close();
        const restore = await openBacklightScreen({ device: env.HARDWARE_TEST_BACKLIGHT! });
        await restore.setPower(true);
        await restore.setBrightness(100);
      },
    };
  });
});

describe.runIf(real)('real speaker', () => {
  speakerSuite(`gst-launch-1.0 with ${env.HARDWARE_TEST_AUDIO_SINK}`, async () => {
    const speaker = await openGstSpeaker({ sink: env.HARDWARE_TEST_AUDIO_SINK, volume: 20, logger });
    const alive = (pid: number | undefined) => {
      if (pid === undefined) return false;
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
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
});
