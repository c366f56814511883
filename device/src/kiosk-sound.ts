import { type Board, NOT_REACHED_TONE_MS } from '@screenvisit/hardware';
import type { Clock, ClockTimer } from '@screenvisit/protocol';
import type { CallTone } from './call-options.js';
import type { CachedSettings } from './data-store.js';
import type { Logger } from './logger.js';
import { quietPolicy } from './quiet-hours.js';
import type { createEffectQueue } from './state-effects.js';

/**
 * The kiosk's speaker volume and its own call tones (the ringback and the "not reached" tone), on the agent's
 * effect queue. The ring and the tones share one volume rule: soft in quiet hours (quiet-hours.ts), the
 * configured volume otherwise; a tone keeps the volume it plays at, and the configured one comes back once the
 * speaker is silent.
 */
export function createKioskSound(deps: {
  board: Pick<Board, 'speaker'>;
  effects: ReturnType<typeof createEffectQueue>;
  clock: Clock;
  log: Logger;
  settings: () => CachedSettings;
  timeZone?: string | undefined;
}) {
  const { board, effects, clock, log } = deps;
  /** Brings the configured volume back after a "not reached" tone has played. */
  let restTimer: ClockTimer | undefined;

  /** The ring's volume now; the kiosk's own call tones use the same, so quiet hours soften them alike. */
  function ringVolume(): number {
    const policy = quietPolicy(deps.settings(), clock.now(), deps.timeZone);
    if (policy.quiet) log.info({ volume: policy.ringVolume }, 'quiet hours: ringing softly');
    return policy.ringVolume;
  }

  /** The configured volume while the speaker is silent (a tone keeps the volume it plays at). */
  async function restVolume() {
    if (board.speaker.state.tone === null) await board.speaker.setVolume(deps.settings().volume);
  }

  /**
   * The night-watch call's ringback and "not reached" tone (call-controller.ts CallTone), on the same effect
   * queue as each state's look: a tone asked for right after a state change sounds after that change's look
   * (which silences a ringback outside `connecting`), never before it.
   */
  function playCallTone(tone: CallTone | null) {
    void effects.run(async () => {
      if (tone === null) {
        if (board.speaker.state.tone !== 'ringback') return;
        await board.speaker.stop('ringback');
        await restVolume();
        return;
      }
      await board.speaker.setVolume(ringVolume());
      await board.speaker.play(tone);
    });
    // The one-shot tone ends by itself: the configured volume is back once it has (until then the speaker, and the
    // dev page, say the volume she hears it at). Any state change before that restores it as well, if silent.
    if (tone === 'not-reached') {
      if (restTimer !== undefined) clock.clearTimeout(restTimer);
      restTimer = clock.setTimeout(() => {
        restTimer = undefined;
        void effects.run(restVolume);
      }, NOT_REACHED_TONE_MS + 1_000);
    }
  }

  return {
    ringVolume,
    restVolume,
    playCallTone,
    /** The agent stops: no volume is set after it. */
    stop() {
      if (restTimer !== undefined) clock.clearTimeout(restTimer);
      restTimer = undefined;
    },
  };
}
