import { z } from 'zod';
import { DEFAULT_DEBOUNCE_MS, DEFAULT_LONG_PRESS_MS } from '../debounce.js';
import { HardwareError } from '../errors.js';

/** Numbers may come from environment strings: '17' is accepted, '' and 'x' are not. */
const fromString = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
const boolFromString = (value: unknown) => (value === 'true' ? true : value === 'false' ? false : value);

/** A BCM line on the 40-pin header (GPIO 0-27); resolveGpioNumber turns it into the sysfs number. */
const bcmLine = z.preprocess(fromString, z.number().int().min(0).max(27));
const millis = z.preprocess(fromString, z.number().int().min(0));

export const realBoardConfigSchema = z
  .object({
    answerButtonPin: bcmLine,
    nightWatchButtonPin: bcmLine,
    statusLedPin: bcmLine,
    nightWatchLedPin: bcmLine,
    /** The directory under /sys/class/backlight, e.g. `10-0045` or `rpi_backlight`. */
    backlightDevice: z.string().regex(/^[\w.:-]+$/, 'a directory name under /sys/class/backlight'),
    audioSink: z.string().min(1).default('autoaudiosink'),
    /** Buttons wired to ground with the pull-up enabled read low when pressed. */
    buttonActiveLow: z.preprocess(boolFromString, z.boolean()).default(true),
    debounceMs: millis.default(DEFAULT_DEBOUNCE_MS),
    longPressMs: millis.default(DEFAULT_LONG_PRESS_MS),
    ringToneHz: z.preprocess(fromString, z.number().min(100).max(4_000)).default(880),
    gpioSysfsRoot: z.string().min(1).default('/sys/class/gpio'),
    backlightSysfsRoot: z.string().min(1).default('/sys/class/backlight'),
    gstLaunch: z.string().min(1).default('gst-launch-1.0'),
  })
  .superRefine((config, ctx) => {
    const pins = [
      ['answerButtonPin', config.answerButtonPin],
      ['nightWatchButtonPin', config.nightWatchButtonPin],
      ['statusLedPin', config.statusLedPin],
      ['nightWatchLedPin', config.nightWatchLedPin],
    ] as const;
    for (const [i, [key, pin]] of pins.entries()) {
      const earlier = pins.slice(0, i).find(([, other]) => other === pin);
      if (earlier)
        ctx.addIssue({ code: 'custom', path: [key], message: `GPIO ${pin} is also ${earlier[0]}` });
    }
    if (config.longPressMs <= config.debounceMs) {
      ctx.addIssue({ code: 'custom', path: ['longPressMs'], message: 'must be greater than debounceMs' });
    }
  });

export type RealBoardConfig = z.output<typeof realBoardConfigSchema>;
export type RealBoardConfigInput = z.input<typeof realBoardConfigSchema>;

const REQUIRED = [
  'answerButtonPin',
  'nightWatchButtonPin',
  'statusLedPin',
  'nightWatchLedPin',
  'backlightDevice',
] as const;

/** Every problem at once ("missing: …", then each invalid value), so the pin map is fixed in one go. */
export function parseRealBoardConfig(input: unknown): RealBoardConfig {
  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const missing = REQUIRED.filter((key) => raw[key] === undefined || raw[key] === '');
  const result = realBoardConfigSchema.safeParse(raw);
  if (result.success && missing.length === 0) return result.data;
  const problems = missing.length > 0 ? [`missing: ${missing.join(', ')}`] : [];
  for (const issue of result.error?.issues ?? []) {
    const key = String(issue.path[0] ?? '');
    if ((missing as readonly string[]).includes(key)) continue;
    problems.push(`${issue.path.join('.') || 'config'}: ${issue.message}`);
  }
  throw HardwareError.invalidConfig(problems);
}
