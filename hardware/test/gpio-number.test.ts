import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isHardwareError } from '../src/errors.js';
import { resolveGpioNumber } from '../src/real/gpio-number.js';

type Chip = { base: number; label: string; ngpio: number };

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

/** A /sys/class/gpio as the kernel lays it out: gpiochipN dirs plus export/unexport files. */
async function fakeSysfs(chips: Chip[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sysfs-gpio-'));
  roots.push(root);
  await writeFile(join(root, 'export'), '');
  await writeFile(join(root, 'unexport'), '');
  for (const chip of chips) {
    const dir = join(root, `gpiochip${chip.base}`);
    await mkdir(dir);
    await writeFile(join(dir, 'base'), `${chip.base}\n`);
    await writeFile(join(dir, 'label'), `${chip.label}\n`);
    await writeFile(join(dir, 'ngpio'), `${chip.ngpio}\n`);
  }
  return root;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('resolveGpioNumber', () => {
  it('adds the header chip base on a Pi 4 with kernel 6.6 (base 512)', async () => {
    const root = await fakeSysfs([
      { base: 512, label: 'pinctrl-bcm2711', ngpio: 58 },
      { base: 570, label: 'raspberrypi-exp-gpio', ngpio: 8 },
    ]);
    expect(await resolveGpioNumber(17, { sysfsRoot: root })).toBe(529);
  });

  it('keeps the BCM number on older kernels where the header chip has base 0', async () => {
    const root = await fakeSysfs([
      { base: 0, label: 'pinctrl-bcm2711', ngpio: 58 },
      { base: 504, label: 'raspberrypi-exp-gpio', ngpio: 8 },
    ]);
    expect(await resolveGpioNumber(17, { sysfsRoot: root })).toBe(17);
  });

  it('picks the RP1 chip on a Pi 5, not the brcmstb chips below it', async () => {
    const root = await fakeSysfs([
      { base: 512, label: 'gpio-brcmstb@107d508500', ngpio: 32 },
      { base: 544, label: 'gpio-brcmstb@107d517c00', ngpio: 15 },
      { base: 571, label: 'pinctrl-rp1', ngpio: 54 },
    ]);
    expect(await resolveGpioNumber(17, { sysfsRoot: root })).toBe(588);
  });

  it('finds the BCM2835 chip of older boards', async () => {
    const root = await fakeSysfs([{ base: 512, label: 'pinctrl-bcm2835', ngpio: 54 }]);
    expect(await resolveGpioNumber(4, { sysfsRoot: root })).toBe(516);
  });

  it('says which chips it found when none is a Pi header chip', async () => {
    const root = await fakeSysfs([{ base: 0, label: 'gpio-mockup-A', ngpio: 8 }]);
    const error = await failure(resolveGpioNumber(17, { sysfsRoot: root }));
    expect(isHardwareError(error, 'unavailable')).toBe(true);
    expect((error as Error).message).toContain('gpiochip0=gpio-mockup-A');
  });

  it('accepts other labels when told to', async () => {
    const root = await fakeSysfs([{ base: 100, label: 'gpio-mockup-A', ngpio: 8 }]);
    expect(await resolveGpioNumber(3, { sysfsRoot: root, labels: ['gpio-mockup-A'] })).toBe(103);
  });

  it('reports a machine without sysfs GPIO as unavailable', async () => {
    const error = await failure(resolveGpioNumber(17, { sysfsRoot: join(tmpdir(), 'no-such-gpio-root') }));
    expect(isHardwareError(error, 'unavailable')).toBe(true);
  });

  it('refuses a line the chip does not have, or a negative one', async () => {
    const root = await fakeSysfs([{ base: 512, label: 'pinctrl-bcm2711', ngpio: 58 }]);
    expect(isHardwareError(await failure(resolveGpioNumber(58, { sysfsRoot: root })), 'invalid_config')).toBe(
      true,
    );
    expect(isHardwareError(await failure(resolveGpioNumber(-1, { sysfsRoot: root })), 'invalid_config')).toBe(
      true,
    );
  });
});
