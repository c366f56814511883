import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HardwareError } from '../errors.js';

/**
 * The labels of the chip that drives the Pi's 40-pin header, most specific first: the RP1 southbridge on a
 * Pi 5, the BCM2711 on a Pi 4, the BCM2835 family on older boards. A Pi 5 also exposes brcmstb chips for
 * on-board lines; those are not the header.
 */
export const PI_HEADER_CHIP_LABELS = ['pinctrl-rp1', 'pinctrl-bcm2711', 'pinctrl-bcm2835'] as const;

export interface ResolveGpioOptions {
  sysfsRoot?: string;
  labels?: readonly string[];
}

interface Chip {
  readonly dir: string;
  readonly label: string;
  readonly base: number;
  readonly ngpio: number | undefined;
}

async function readChip(root: string, dir: string): Promise<Chip | undefined> {
  try {
    const [label, base, ngpio] = await Promise.all([
      readFile(join(root, dir, 'label'), 'utf8'),
      readFile(join(root, dir, 'base'), 'utf8'),
      readFile(join(root, dir, 'ngpio'), 'utf8').catch(() => undefined),
    ]);
    const parsedBase = Number.parseInt(base.trim(), 10);
    if (!Number.isInteger(parsedBase)) return undefined;
    const parsedNgpio = ngpio === undefined ? undefined : Number.parseInt(ngpio.trim(), 10);
    return {
      dir,
      label: label.trim(),
      base: parsedBase,
      ngpio: Number.isInteger(parsedNgpio) ? parsedNgpio : undefined,
    };
  } catch {
    return undefined;
  }
}

/**
 * The sysfs GPIO number of a BCM line on the header chip: the chip's base plus the line. Kernels before 6.6
 * gave that chip base 0; from 6.6 the base is dynamic (512 on a Pi 4, 571 on a Pi 5; onoff issue #200), so
 * it is read from gpiochip*\/base, never assumed.
 */
export async function resolveGpioNumber(bcmLine: number, options: ResolveGpioOptions = {}): Promise<number> {
  const root = options.sysfsRoot ?? '/sys/class/gpio';
  const labels = options.labels ?? PI_HEADER_CHIP_LABELS;
  if (!Number.isInteger(bcmLine) || bcmLine < 0) {
    throw HardwareError.invalidConfig([`GPIO line must be an integer >= 0, got ${String(bcmLine)}`]);
  }
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (error) {
    throw HardwareError.unavailable(
      `no sysfs GPIO at ${root} (not a Raspberry Pi, or GPIO sysfs disabled)`,
      error,
    );
  }
  const chips = (
    await Promise.all(entries.filter((e) => /^gpiochip\d+$/.test(e)).map((dir) => readChip(root, dir)))
  ).filter((chip): chip is Chip => chip !== undefined);
  for (const label of labels) {
    const chip = chips.find((c) => c.label === label);
    if (!chip) continue;
    if (chip.ngpio !== undefined && bcmLine >= chip.ngpio) {
      throw HardwareError.invalidConfig([
        `GPIO line ${bcmLine} is beyond ${chip.label}'s ${chip.ngpio} lines`,
      ]);
    }
    return chip.base + bcmLine;
  }
  const found = chips.map((c) => `${c.dir}=${c.label}`).join(', ') || 'none';
  throw HardwareError.unavailable(
    `no GPIO chip labelled ${labels.join(' or ')} under ${root} (found: ${found})`,
  );
}
