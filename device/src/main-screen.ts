import { type KioskMessageCode, type KioskScreenModel, kioskMessage } from './kiosk-screen.js';
import { createLogger, type Logger } from './logger.js';
import { type KioskDisplay, openGtkScreen } from './screen/gtk-screen.js';
import { isScreenError } from './screen/screen-error.js';

/**
 * The kiosk screen for main.ts. A missing display (cage not running, no DISPLAY/WAYLAND_DISPLAY) is logged
 * once and the agent runs on without a screen: the ring, the buttons and the LEDs still work, and support sees
 * the problem in the log. It is never a reason to exit (a restart would not bring a display back).
 */
export async function openKioskScreen(log: Logger): Promise<KioskDisplay | null> {
  try {
    return await openGtkScreen({ log });
  } catch (e) {
    if (!isScreenError(e)) throw e;
    log.error(
      { reason: e.reason, err: e },
      `no kiosk screen (${e.reason}): running without one; calls still ring and the buttons work`,
    );
    return null;
  }
}

/** A screen that shows one problem, e.g. before the configuration could even be read. */
export function problemModel(code: KioskMessageCode, supportCode: string | null): KioskScreenModel {
  return {
    mode: 'unenrolled',
    online: false,
    callerName: null,
    autoAnswerInSeconds: null,
    message: kioskMessage(code),
    callStartedAt: null,
    fallbackPhone: null,
    nextAllowedAt: null,
    supportCode,
    notice: null,
    missedCall: null,
    now: new Date().toISOString(),
  };
}

/** For an invalid configuration: show it in Danish when the raw environment asks for a screen. */
export async function showProblem(
  raw: Record<string, string | undefined>,
  code: KioskMessageCode,
  supportCode: string,
): Promise<boolean> {
  if (raw.SCREEN !== 'gtk') return false;
  const display = await openKioskScreen(createLogger({ level: 'info' }));
  display?.render(problemModel(code, supportCode));
  return display !== null;
}
