import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HardwareError } from '../errors.js';
import { checkPercent } from '../percent.js';
import type { Screen } from '../types.js';

/**
 * bl_power takes the fbdev blanking levels (include/uapi/linux/fb.h; Documentation/ABI/stable/
 * sysfs-class-backlight): FB_BLANK_UNBLANK = 0 is on, FB_BLANK_POWERDOWN = 4 is off.
 */
export const FB_BLANK_UNBLANK = 0;
export const FB_BLANK_POWERDOWN = 4;

export interface BacklightScreenOptions {
  /** The directory name under the root, e.g. `10-0045` (Pi 7" touchscreen) or `rpi_backlight`. */
  device: string;
  root?: string;
}

async function readInt(path: string): Promise<number> {
  const value = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
  if (!Number.isInteger(value)) throw new Error(`${path} does not hold an integer`);
  return value;
}

async function listDevices(root: string): Promise<string> {
  const entries = await readdir(root).catch(() => []);
  return entries.join(', ') || 'none';
}

/**
 * The panel backlight through /sys/class/backlight/<device>. Brightness 0-100 % maps linearly onto
 * 0..max_brightness. The kiosk user needs write access to bl_power and brightness (udev rule in README).
 *
 * INVARIANT: writes run one at a time in call order (a promise chain), so the last call wins on the panel
 * and `state` always matches what was last written.
 */
export async function openBacklightScreen(options: BacklightScreenOptions): Promise<Screen> {
  const root = options.root ?? '/sys/class/backlight';
  if (!/^[\w.:-]+$/.test(options.device)) {
    throw HardwareError.invalidConfig([
      `backlight device name ${JSON.stringify(options.device)} is not valid`,
    ]);
  }
  const dir = join(root, options.device);
  let max: number;
  let raw: number;
  let power: number;
  try {
    [max, raw, power] = await Promise.all([
      readInt(join(dir, 'max_brightness')),
      readInt(join(dir, 'brightness')),
      readInt(join(dir, 'bl_power')),
    ]);
  } catch (error) {
    throw HardwareError.unavailable(
      `no usable backlight ${options.device} under ${root} (devices: ${await listDevices(root)})`,
      error,
    );
  }
  if (max <= 0) throw HardwareError.unavailable(`backlight ${options.device} reports max_brightness ${max}`);

  let state = { on: power === FB_BLANK_UNBLANK, brightness: Math.round((raw / max) * 100) };
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  const write = (file: string, value: number, apply: (s: typeof state) => typeof state): Promise<void> => {
    if (closed) return Promise.reject(HardwareError.closed('screen'));
    const run = chain.then(async () => {
      try {
        await writeFile(join(dir, file), `${value}\n`);
      } catch (error) {
        throw HardwareError.io(`cannot write ${file} of backlight ${options.device}`, error);
      }
      state = apply(state);
    });
    chain = run.catch(() => {});
    return run;
  };

  return {
    setPower(on) {
      return write('bl_power', on ? FB_BLANK_UNBLANK : FB_BLANK_POWERDOWN, (s) => ({ ...s, on }));
    },
    async setBrightness(percent) {
      checkPercent('brightness', percent);
      return write('brightness', Math.round((percent / 100) * max), (s) => ({
        ...s,
        brightness: percent,
      }));
    },
    get state() {
      return state;
    },
    async close() {
      closed = true;
      await chain;
    },
  };
}
