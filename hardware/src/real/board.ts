import { type Clock, systemClock } from '@screenvisit/protocol';
import { type Logger, pino } from 'pino';
import type { Board, Button, ButtonName, LedName } from '../types.js';
import { openBacklightScreen } from './backlight-screen.js';
import { parseRealBoardConfig, type RealBoardConfigInput } from './config.js';
import { openGpioButton } from './gpio-button.js';
import { type GpioLed, openGpioLed } from './gpio-led.js';
import { resolveGpioNumber } from './gpio-number.js';
import { type GstSpeaker, openGstSpeaker } from './gst-speaker.js';
import { loadGpio } from './onoff.js';

export interface RealBoard extends Board {
  readonly kind: 'real';
  readonly leds: Record<LedName, GpioLed>;
  readonly speaker: GstSpeaker;
}

/**
 * The kiosk's own hardware. The config is validated first (every problem listed), then each part is opened;
 * if one fails, the parts already opened are closed again and the error says which part and why.
 */
export async function createRealBoard(
  config: RealBoardConfigInput,
  deps: { clock?: Clock; logger?: Logger } = {},
): Promise<RealBoard> {
  const c = parseRealBoardConfig(config);
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? pino({ name: 'hardware.board' });
  const opened: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(part: T): T => {
    opened.push(part);
    return part;
  };
  try {
    const Gpio = await loadGpio();
    const gpio = (line: number) => resolveGpioNumber(line, { sysfsRoot: c.gpioSysfsRoot });
    const button = async (name: ButtonName, line: number): Promise<Button> =>
      track(
        openGpioButton({
          Gpio,
          name,
          gpio: await gpio(line),
          activeLow: c.buttonActiveLow,
          clock,
          debounceMs: c.debounceMs,
          longPressMs: c.longPressMs,
          logger,
        }),
      );
    const led = async (name: LedName, line: number): Promise<GpioLed> =>
      track(openGpioLed({ Gpio, name, gpio: await gpio(line), clock, logger }));

    const buttons: Record<ButtonName, Button> = {
      answer: await button('answer', c.answerButtonPin),
      nightWatch: await button('nightWatch', c.nightWatchButtonPin),
    };
    const leds: Record<LedName, GpioLed> = {
      status: await led('status', c.statusLedPin),
      nightWatch: await led('nightWatch', c.nightWatchLedPin),
    };
    const screen = track(
      await openBacklightScreen({ device: c.backlightDevice, root: c.backlightSysfsRoot }),
    );
    const speaker = track(
      await openGstSpeaker({
        sink: c.audioSink,
        gstLaunch: c.gstLaunch,
        toneHz: c.ringToneHz,
        clock,
        logger,
      }),
    );
    let closing: Promise<void> | undefined;
    return {
      kind: 'real',
      buttons,
      leds,
      screen,
      speaker,
      close() {
        closing ??= closeAll(opened, logger);
        return closing;
      },
    };
  } catch (error) {
    await closeAll(opened, logger);
    throw error;
  }
}

async function closeAll(parts: readonly { close(): Promise<void> }[], logger: Logger): Promise<void> {
  const results = await Promise.allSettled(parts.map((part) => part.close()));
  for (const result of results) {
    if (result.status === 'rejected') logger.warn({ err: result.reason }, 'closing a hardware part failed');
  }
}
