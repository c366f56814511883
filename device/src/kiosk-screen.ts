import type { Clock, DeviceStateName } from '@screenvisit/protocol';

/**
 * What the kiosk screen shows, as plain data. The dev control page renders it today; the real kiosk UI
 * (device/README.md, "The kiosk screen") renders the same model. The caller's name lives here, in memory only.
 */
export interface KioskScreenModel {
  readonly mode: DeviceStateName;
  readonly online: boolean;
  readonly callerName: string | null;
  /** Whole seconds left before the call is answered automatically. */
  readonly autoAnswerInSeconds: number | null;
  readonly message: KioskMessage | null;
  /** When media came up in the current call (epoch ms): the screen shows the elapsed time from it. */
  readonly callStartedAt: number | null;
  /**
   * The switchboard number on the "night watch unreachable" screen: the cloud's (call.refused/call.ended), else
   * the one the config carries for when the kiosk is offline (fallback-phone.ts).
   */
  readonly fallbackPhone: string | null;
  /**
   * A night-watch call refused outside her hours (call.refused `outside_time_window`): when she may call again
   * (epoch ms), said on the "not reached" screen in the kiosk's zone (screen/next-call.ts). It belongs to the
   * message it came with: any new `message` clears it unless the same update sets it (call-controller.ts).
   */
  readonly nextAllowedAt: number | null;
  /** What the citizen reads out to support when set-up failed (a short code, no personal data). */
  readonly supportCode: string | null;
  /**
   * A standing problem with the box itself that calls work around (no camera: sound only). Unlike `message`
   * it survives sleep and calls, and stays until support fixes the box and restarts it.
   */
  readonly notice: KioskMessage | null;
  /**
   * The last staff call that rang out or was given up before the resident could answer: who and when (epoch ms),
   * shown at rest under the clock. Unlike `message` it survives sleep (she was not there; she sees it when she
   * wakes the screen) and stays until she answers a call or presses the green button while it is shown.
   * The name is in memory only, like `callerName`.
   */
  readonly missedCall: { readonly from: string; readonly at: number } | null;
  /** The wall clock the screen shows at rest, ISO 8601. */
  readonly now: string;
}

/**
 * What the kiosk says, Danish first (the citizen's language) with English for staff and support. Plain, short
 * sentences for citizens with cognitive challenges; no technical words.
 */
export const KIOSK_MESSAGES = {
  not_enrolled: {
    da: 'Skærmen er ikke sat op endnu. Ring til support.',
    en: 'This screen is not set up yet. Please contact support.',
  },
  enrolment_failed: {
    da: 'Skærmen kunne ikke sættes op. Ring til support.',
    en: 'This screen could not be set up. Please contact support.',
  },
  night_watch_disabled: {
    da: 'Knappen til nattevagten er ikke slået til på denne skærm.',
    en: 'The night-watch button is not switched on for this screen.',
  },
  night_watch_unavailable: {
    da: 'Opkald til nattevagten er ikke sat op på denne skærm endnu. Ring til support.',
    en: 'Calling the night watch from this screen is not set up yet. Please contact support.',
  },
  calling_night_watch: { da: 'Ringer til nattevagten …', en: 'Calling the night watch…' },
  night_watch_unreachable: {
    da: 'Vi kunne ikke få fat i nattevagten. Prøv igen, eller brug din alarm.',
    en: 'The night watch could not be reached. Please try again, or use your alarm.',
  },
  credential_revoked: {
    da: 'Skærmen er koblet fra. Ring til support.',
    en: 'This screen has been disconnected. Please contact support.',
  },
  config_invalid: {
    da: 'Skærmen er sat forkert op. Ring til support.',
    en: 'This screen is configured wrongly. Please contact support.',
  },
  camera_missing: {
    da: 'Kameraet virker ikke. Du kan stadig høre og tale. Ring til support.',
    en: 'The camera does not work. You can still hear and talk. Please contact support.',
  },
  call_lost: {
    da: 'Forbindelsen blev afbrudt. Opkaldet er slut.',
    en: 'The connection was lost. The call has ended.',
  },
  night_watch_call_lost: {
    da: 'Forbindelsen blev afbrudt. Du kan ringe igen.',
    en: 'The connection was lost. You can call again.',
  },
  no_media: {
    da: 'Video virker ikke på denne skærm endnu.',
    en: 'Video is not available on this screen yet.',
  },
} as const;
export type KioskMessageCode = keyof typeof KIOSK_MESSAGES;
export interface KioskMessage {
  readonly code: KioskMessageCode;
  /** Danish, shown on the kiosk. */
  readonly text: string;
  readonly en: string;
}

type Mutable = { -readonly [K in keyof KioskScreenModel]: KioskScreenModel[K] };

export interface KioskScreen {
  snapshot(): KioskScreenModel;
  update(
    change: Partial<Omit<KioskScreenModel, 'now' | 'message' | 'notice'>> & {
      message?: KioskMessageCode | null;
      notice?: KioskMessageCode | null;
    },
  ): void;
}

export const kioskMessage = (code: KioskMessageCode): KioskMessage => ({
  code,
  text: KIOSK_MESSAGES[code].da,
  en: KIOSK_MESSAGES[code].en,
});

export function createKioskScreen(options: {
  clock: Clock;
  initial: DeviceStateName;
  onChange: (model: KioskScreenModel) => void;
}): KioskScreen {
  const model: Omit<Mutable, 'now'> = {
    mode: options.initial,
    online: false,
    callerName: null,
    autoAnswerInSeconds: null,
    message: null,
    callStartedAt: null,
    fallbackPhone: null,
    nextAllowedAt: null,
    supportCode: null,
    notice: null,
    missedCall: null,
  };
  const snapshot = (): KioskScreenModel => ({ ...model, now: new Date(options.clock.now()).toISOString() });
  return {
    snapshot,
    update(change) {
      const { message, notice, ...rest } = change;
      // A new message (another call, going to sleep) ends the window the last refusal named, so a later "not
      // reached" (a watch that did not answer) never says "Du kan ringe igen …" from an older refusal.
      if (message !== undefined && change.nextAllowedAt === undefined) model.nextAllowedAt = null;
      Object.assign(model, rest);
      if (message !== undefined) model.message = message === null ? null : kioskMessage(message);
      if (notice !== undefined) model.notice = notice === null ? null : kioskMessage(notice);
      options.onChange(snapshot());
    },
  };
}

/**
 * The loan ended (a config with `lent: false`, pushed when support takes the kiosk back): the screen forgets what
 * it holds of the last borrower. The missed call ("Jonas Nielsen ringede kl. 22.44") stayed on a returned kiosk,
 * in memory, until a wipe, and the next borrower could read it. Contacts go with the same config.
 */
export function forgetLoan(screen: KioskScreen, lent: boolean | undefined): void {
  if (lent === false && screen.snapshot().missedCall !== null) screen.update({ missedCall: null });
}
