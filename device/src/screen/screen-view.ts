import type { KioskScreenModel } from '../kiosk-screen.js';
import { nextCallSentence } from './next-call.js';

/**
 * What the kiosk's own screen draws, as plain data: one pure function from the screen model to the lines on
 * the glass, so every mode's wording is unit-tested without a display. Danish only on the glass (the citizen's
 * language); plain, short words for citizens with cognitive challenges (issue 11: "Plain words, very large
 * text, high contrast, nothing that scrolls").
 *
 * Pages: `dark` = backlight off (asleep); `text` = big centred lines; `call` = the remote video filling the
 * screen with a small self-view, the elapsed time and an on-screen "Læg på" target.
 */
export type ScreenPage = 'dark' | 'text' | 'call';
/** Background: calm (rest), ring (a call is coming in: green like the button), alert (something is wrong). */
export type ScreenTone = 'calm' | 'ring' | 'alert';

export interface ScreenView {
  readonly page: ScreenPage;
  readonly tone: ScreenTone;
  /** Small status line at the top (online/offline). */
  readonly status: string | null;
  /** The biggest line: the clock, the caller's name, the problem. */
  readonly title: string;
  readonly subtitle: string | null;
  /** A second very large line: the date, the countdown, the fallback phone number. */
  readonly detail: string | null;
  /** What to do, in the imperative ("Tryk på den grønne knap"); at rest, the call she missed. */
  readonly hint: string | null;
  /** Elapsed call time, mm:ss (call page only). */
  readonly elapsed: string | null;
  /** The on-screen touch target (call page): touching it hangs up. */
  readonly action: string | null;
}

export interface ViewOptions {
  /** Europe/Copenhagen on a kiosk; the tests pin it. */
  readonly timeZone?: string;
  /** Epoch ms "now" for the clock and the elapsed time. */
  readonly now: number;
}

const HANG_UP = 'Læg på';
const PRESS_GREEN = 'Tryk på den grønne knap';

const twoDigits = (n: number) => String(n).padStart(2, '0');

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const mmss = `${twoDigits(Math.floor((seconds % 3600) / 60))}:${twoDigits(seconds % 60)}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

function clock(now: number, timeZone: string | undefined) {
  const zone = timeZone ? { timeZone } : {};
  return {
    time: new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', ...zone }).format(now),
    date: new Intl.DateTimeFormat('da-DK', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      ...zone,
    }).format(now),
  };
}

const text = (
  tone: ScreenTone,
  title: string,
  rest: Partial<Omit<ScreenView, 'page' | 'tone' | 'title'>> = {},
): ScreenView => ({
  page: 'text',
  tone,
  status: null,
  title,
  subtitle: null,
  detail: null,
  hint: null,
  elapsed: null,
  action: null,
  ...rest,
});

/** The one mapping from the agent's screen model to the glass. */
export function screenView(model: KioskScreenModel, options: ViewOptions): ScreenView {
  const status = model.online ? 'Forbundet' : 'Ikke forbundet – prøver igen';
  const problem = model.message;
  switch (model.mode) {
    case 'asleep':
      return { ...text('calm', ''), page: 'dark' };
    case 'unenrolled':
      return text('alert', problem?.text ?? 'Skærmen er ikke sat op endnu. Ring til support.', {
        subtitle: model.supportCode ? 'Sig dette til support:' : null,
        detail: model.supportCode,
      });
    case 'wiping':
      return text('alert', 'Skærmen nulstilles …');
    case 'ringing': {
      const countdown = model.autoAnswerInSeconds;
      return text('ring', model.callerName ? `${model.callerName} ringer` : 'Der ringer nogen', {
        hint: PRESS_GREEN,
        subtitle: model.notice?.text ?? null,
        detail:
          countdown !== null
            ? `Svarer selv om ${countdown} ${countdown === 1 ? 'sekund' : 'sekunder'}`
            : null,
      });
    }
    case 'connecting':
      if (problem?.code === 'calling_night_watch')
        return text('ring', 'Ringer til nattevagten …', {
          hint: 'Tryk på den grønne knap for at lægge på',
        });
      return text('ring', model.callerName ? `Forbinder til ${model.callerName} …` : 'Forbinder …', {
        subtitle: problem?.text ?? null,
      });
    case 'in_call':
      return {
        ...text('calm', model.callerName ?? ''),
        page: 'call',
        elapsed: model.callStartedAt !== null ? formatElapsed(options.now - model.callStartedAt) : null,
        action: HANG_UP,
        subtitle: problem?.text ?? null,
      };
    case 'ending':
      return text('calm', 'Opkaldet er slut');
    case 'idle':
      if (problem?.code === 'night_watch_unreachable') {
        const again =
          model.nextAllowedAt !== null
            ? nextCallSentence(model.nextAllowedAt, options.now, options.timeZone)
            : null;
        // Refused outside her hours: the watch was not "tried and not reached", she may not call it now. Saying
        // when she may is what she can act on; "Prøv igen" would send her back to the button in vain.
        if (again)
          return text('alert', 'Du kan ikke ringe til nattevagten nu', {
            subtitle: model.fallbackPhone
              ? 'Ring i stedet til'
              : 'Brug din alarm, hvis du har brug for hjælp.',
            detail: model.fallbackPhone,
            hint: again,
            status,
          });
        return text('alert', 'Vi kunne ikke få fat i nattevagten', {
          subtitle: model.fallbackPhone ? 'Ring i stedet til' : 'Prøv igen, eller brug din alarm.',
          detail: model.fallbackPhone,
          status,
        });
      }
      // A call whose connection was lost (call-controller.ts): calm, not the alert look, since nothing is wrong
      // with her or the box; the second line says what now (call the night watch again; a nurse's call is over).
      if (problem?.code === 'call_lost' || problem?.code === 'night_watch_call_lost')
        return text('calm', 'Forbindelsen blev afbrudt', {
          subtitle: problem.code === 'night_watch_call_lost' ? 'Du kan ringe igen.' : 'Opkaldet er slut.',
          detail: clock(options.now, options.timeZone).time,
          status,
        });
      if (problem)
        return text('alert', problem.text, { status, detail: clock(options.now, options.timeZone).time });
      return text('calm', clock(options.now, options.timeZone).time, {
        detail: clock(options.now, options.timeZone).date,
        // A standing problem (no camera) stays in view at rest, so the citizen and a visitor can tell support.
        subtitle: model.notice?.text ?? null,
        // A call that rang while she was away: the screen went dark again and said nothing of it (kioskwalk).
        hint: model.missedCall
          ? `${model.missedCall.from} ringede kl. ${clock(model.missedCall.at, options.timeZone).time}`
          : null,
        status,
      });
  }
}
