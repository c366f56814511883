import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n-context.js';
import { Icon } from '../icons.js';
import { zoneDiffers } from '../municipal-date.js';
import { Notice } from '../notice.js';
import { CallIcon } from './call-icons.js';
import type { CallPhase, CallSession, CallSnapshot } from './call-session.js';
import { nextCallText } from './next-call.js';
import './call.css';

/** A <video> bound to a stream; cleared (srcObject = null) when the stream goes, so no last frame lingers. */
export function StreamVideo(props: {
  stream: MediaStream | null;
  muted: boolean;
  label: string;
  class: string;
  testId: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLVideoElement>(null);
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = props.stream;
    if (!props.stream) return;
    // Autoplay with sound needs a user gesture; auto-answer has none. Then play muted and offer the sound.
    video.play().catch(() => {
      if (props.muted) return;
      video.muted = true;
      setBlocked(true);
      void video.play().catch(() => undefined);
    });
  }, [props.stream, props.muted]);
  const unblock = () => {
    const video = ref.current;
    if (!video) return;
    video.muted = false;
    void video.play().then(
      () => setBlocked(false),
      () => undefined,
    );
  };
  return (
    <div class={`video-frame ${props.class}`}>
      <video
        ref={ref}
        data-testid={props.testId}
        aria-label={props.label}
        autoplay
        playsInline
        muted={props.muted}
      />
      {blocked && (
        <button type="button" class="button sound-button" onClick={unblock}>
          <CallIcon name="speaker" /> {t('call.soundBlocked')}
        </button>
      )}
    </div>
  );
}

export function QualityBadge(props: { quality: CallSnapshot['quality'] }) {
  const { t } = useI18n();
  return (
    <p class={`quality quality-${props.quality}`} data-testid="call-quality">
      <CallIcon name="signal" /> {t('call.quality', { quality: t(`call.quality.${props.quality}`) })}
    </p>
  );
}

/**
 * The call itself: the other person large, yourself small, and three large buttons (sound, camera, hang up).
 * Status changes are spoken politely (role="status"); the hang-up button is always the last and the reddest.
 */
export function CallScreen(props: {
  session: CallSession;
  snapshot: CallSnapshot;
  headingLevel?: 2 | 3;
  /**
   * Who the other person is, when the page knows better than the ring frame: a night-watch ring names only the
   * resident's place (it reaches locked consoles too), and the unlocked console reads the name over HTTP.
   */
  peerName?: string;
  /** Shown under the heading: what a page adds about the running call (the staff console's call time). */
  timer?: ComponentChildren;
}) {
  const { t } = useI18n();
  const { snapshot: s, session } = props;
  const phase = s.phase;
  const shown = phase.kind === 'active' || phase.kind === 'outgoing';
  const screen = useRef<HTMLElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useStageFits(screen, stage, shown);
  // The call at the top of the screen as it starts, its heading focused: the page above it (header, title,
  // the console's panels, the staff home) pushed the picture and "Læg på" below the screen's edge, and a tired
  // worker does not know to scroll for them. Only once: a person who scrolls during the call is left alone.
  useLayoutEffect(() => {
    if (!shown) return;
    screen.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, [shown]);
  if (!shown) return null;
  const name = props.peerName || phase.name;
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  const status =
    s.link !== 'open'
      ? t('call.linkDown')
      : phase.kind === 'outgoing'
        ? t('call.ringingOut', { name })
        : s.media === 'reconnecting'
          ? t('call.reconnecting')
          : s.media !== 'connected'
            ? t('call.connecting')
            : '';
  return (
    <section
      ref={screen}
      class="call-screen"
      aria-labelledby="call-heading"
      data-testid="call-screen"
      data-video-level={s.videoLevel}
      data-audio-only={s.audioOnly ? 'true' : undefined}
    >
      <H id="call-heading" tabIndex={-1} ref={heading}>
        <CallIcon name="phone" /> {phase.kind === 'active' ? t('call.with', { name }) : name}
      </H>
      {props.timer}
      <div class="call-stage" ref={stage}>
        <StreamVideo
          stream={s.remote}
          muted={false}
          label={t('call.remoteVideo', { name })}
          class="remote-video"
          testId="remote-video"
        />
        <StreamVideo stream={s.local} muted label={t('call.selfView')} class="self-view" testId="self-view" />
      </div>
      <p role="status" class="call-status" data-testid="call-status">
        {status}
      </p>
      {s.mediaError && <Notice kind="error">{t('call.noCamera')}</Notice>}
      {phase.kind === 'active' && s.audioOnly && (
        <div data-testid="audio-only">
          <Notice kind="info">{t('call.audioOnly')}</Notice>
        </div>
      )}
      {/* Sound only is not a "good" connection, however clean the sound packets arrive. */}
      {phase.kind === 'active' && <QualityBadge quality={s.audioOnly ? 'poor' : s.quality} />}
      <div class="call-controls">
        <button
          type="button"
          class="button button-secondary call-button"
          aria-pressed={s.muted}
          onClick={() => session.setMuted(!s.muted)}
        >
          <CallIcon name={s.muted ? 'micOff' : 'mic'} size={32} />{' '}
          {s.muted ? t('call.unmute') : t('call.mute')}
        </button>
        <button
          type="button"
          class="button button-secondary call-button"
          aria-pressed={s.cameraOff}
          onClick={() => session.setCameraOff(!s.cameraOff)}
        >
          <CallIcon name={s.cameraOff ? 'videoOff' : 'video'} size={32} />{' '}
          {s.cameraOff ? t('call.cameraOn') : t('call.cameraOff')}
        </button>
        <button type="button" class="button button-danger call-button" onClick={() => session.hangUp()}>
          <CallIcon name="hangUp" size={32} /> {t('call.hangUp')}
        </button>
      </div>
    </section>
  );
}

/**
 * The picture takes the height the rest of the call leaves on the screen (call.css `--call-room`), so the
 * heading, the picture and the buttons fit in one screen from 1920×1080 down to a phone. The rest changes during
 * the call (the call time appears, a status line or a notice comes and goes, the heading wraps when the window
 * narrows), so it is measured whenever the call screen changes size. Set a frame later, never inside the
 * observer's own callback: changing the size it watches there is a "ResizeObserver loop" error.
 */
function useStageFits(
  screen: RefObject<HTMLElement | null>,
  stage: RefObject<HTMLDivElement | null>,
  shown: boolean,
): void {
  useLayoutEffect(() => {
    const s = screen.current;
    const st = stage.current;
    if (!shown || !s || !st) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const room = s.getBoundingClientRect().height - st.getBoundingClientRect().height;
      s.style.setProperty('--call-room', `${Math.ceil(room)}px`);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (!frame) frame = requestAnimationFrame(measure);
    });
    observer.observe(s);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [shown]);
}

/** Why the last call ended or did not start, in plain words by code, with one button back. */
export function CallOutcome(props: { phase: CallPhase; onDismiss: () => void }) {
  const { t, language } = useI18n();
  const p = props.phase;
  if (p.kind === 'refused') {
    // Put into words as shown (the page's language and "i dag" of the moment), from the instant the cloud sent.
    const again =
      p.nextAllowedAt &&
      nextCallText(p.nextAllowedAt, new Date(), t, language, zoneDiffers() ? t('time.zone') : '');
    return (
      <div data-testid="call-refused" data-code={p.code}>
        <Notice kind="error">
          <p>
            <strong>{t('refused.heading')}</strong>
          </p>
          <p>{t(`refused.${p.code}`, { name: p.name || t('refused.thePerson') })}</p>
          {again && (
            <p class="next-call" data-testid="next-call">
              <strong>{again}</strong>
            </p>
          )}
          {/* With the number shown large below, the server's sentence (which names it too) would repeat. */}
          {p.code === 'nobody_on_duty' && p.message && !p.fallbackPhone && <p>{p.message}</p>}
        </Notice>
        {p.fallbackPhone && (
          <p class="fallback-phone" data-testid="fallback-phone">
            {t('refused.callInstead')}{' '}
            <a href={`tel:${p.fallbackPhone.replace(/ /g, '')}`}>
              <strong>{p.fallbackPhone}</strong>
            </a>
          </p>
        )}
        <button type="button" class="button" onClick={props.onDismiss}>
          <Icon name="check" /> {t('call.ok')}
        </button>
      </div>
    );
  }
  if (p.kind !== 'ended') return null;
  const text = p.takenBy
    ? t('ended.takenBy', { name: p.takenBy })
    : p.missed
      ? t('ended.missed', { name: p.name })
      : t(`ended.${p.reason}`);
  return (
    <div data-testid="call-ended" data-reason={p.reason}>
      <Notice kind="info">{text}</Notice>
    </div>
  );
}
