import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isApiError } from '../../shared/api.js';
import type { CallPhase } from '../../shared/call/call-session.js';
import { CallOutcome, CallScreen } from '../../shared/call/call-view.js';
import type { PartyRef } from '../../shared/call/messages.js';
import { stillLoggedIn, useCallSession } from '../../shared/call/use-call-session.js';
import { useWakeLock } from '../../shared/call/wake-lock.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { fetchMe, type LoginResult, type Me, startSession } from './citizen-api.js';
import { IncomingCall } from './incoming-call.js';
import { LogOutPanel } from './log-out-panel.js';
import { PushSetup } from './push-setup.js';
import { RingComing } from './ring-coming.js';

/**
 * How long the home screen's call buttons do nothing after the ringing screen or a call gives way to it. They
 * come up where the citizen's finger just was: on a 390×844 phone "Ring til hjemmeplejen" stands where "Ikke
 * nu" stood, and the second tap of a trembling hand (a double tap) placed a call to the team she had just
 * said no to. A second covers a double tap and is too short for a deliberate press to notice.
 */
export const CALL_BUTTONS_REST_MS = 1_000;

/**
 * The calm home screen, the ringing screen and the call. "Ring til nattevagten" shows only when the cloud
 * names a night-watch pool this citizen may call (GET /api/citizen/me `nightWatchPoolId`); otherwise nothing
 * takes its place: a line about the municipality's settings gave a citizen (maybe 85, maybe cognitively
 * impaired) nothing to do, and the guide tells whoever helps them where the button is turned on (borger.md).
 */
export function CitizenHome(props: {
  csrfToken: string | undefined;
  /** The cloud's answer when this page had to log in again: a new session, a factor to give, or unbound. */
  onLogin: (result: LoginResult) => void;
  /** She logged this device out ("Log ud"): the page says so instead of the home screen. */
  onLoggedOut: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState<string | null>(null);
  const [poolId, setPoolId] = useState<string | null>(null);
  const [callStaff, setCallStaff] = useState<Me['callStaff'] | null>(null);
  const onLogin = useRef(props.onLogin);
  onLogin.current = props.onLogin;
  // The signalling link reads its options once, so it asks through the ref for the page's current handler.
  const [reconnect] = useState(() => ({ beforeReconnect: () => staySignedIn((r) => onLogin.current(r)) }));
  const { session, snapshot } = useCallSession(true, { signalling: reconnect });
  const phase = snapshot?.phase;
  useWakeLock(phase?.kind === 'active' || phase?.kind === 'incoming');
  // The call scrolls itself to the top of the screen as it starts (shared/call/call-view.tsx); on a phone held
  // upright its picture is capped too (citizen.css).
  const inCall = phase?.kind === 'active' || phase?.kind === 'outgoing';
  const ringing = session && snapshot && phase?.kind === 'incoming';
  const screen = ringing ? 'incoming' : session && snapshot && inCall ? 'call' : 'home';
  /** The ended call she herself said "Ikke nu" to: said as her choice, not as "Opkaldet blev afvist.". */
  const [saidNo, setSaidNo] = useState<CallPhase | null>(null);
  const shownBefore = useRef(screen);
  const restUntil = useRef(0);
  // The buttons also SHOW that they rest (disabled for the second): a tap that silently did nothing taught her
  // nothing, and a test or a helper pressing at once waits for them instead of losing the press.
  const [resting, setResting] = useState(false);
  // Before the home screen is painted, so no tap can come between (CALL_BUTTONS_REST_MS).
  useLayoutEffect(() => {
    const back = screen === 'home' && shownBefore.current !== 'home';
    shownBefore.current = screen;
    if (!back) return;
    restUntil.current = performance.now() + CALL_BUTTONS_REST_MS;
    setResting(true);
    const timer = setTimeout(() => setResting(false), CALL_BUTTONS_REST_MS);
    return () => clearTimeout(timer);
  }, [screen]);
  // Judged by when she tapped, not by when the page got round to the tap: a busy phone (the ringing call's media
  // closing, a slow CPU) can handle a tap made within the rest only after it, when the buttons are enabled again,
  // and that tap placed a call to the team she had just said no to.
  const place = (to: PartyRef, callee: string, tap: Event) => {
    if (tapTime(tap) < restUntil.current) return;
    session?.place(to, callee);
  };

  useEffect(() => {
    fetchMe().then(
      (me) => {
        setName(me.displayName);
        setPoolId(me.nightWatchPoolId ?? null);
        setCallStaff(me.callStaff ?? null);
      },
      () => setName(''),
    );
  }, []);

  if (ringing) {
    return (
      <IncomingCall
        phase={phase}
        onAnswer={() => session.accept()}
        onNotNow={() => {
          session.decline();
          setSaidNo(session.snapshot.phase);
        }}
      />
    );
  }
  if (session && snapshot && inCall) {
    return (
      <div class="citizen-call">
        <CallScreen session={session} snapshot={snapshot} />
      </div>
    );
  }
  return (
    <section class="citizen-home" aria-labelledby="home-heading">
      <h2 id="home-heading">
        <Icon name="heart" /> {name ? t('home.hello', { name }) : t('home.title')}
      </h2>
      {phase?.kind === 'ended' && phase === saidNo ? (
        // Her own choice, calmly: nothing went wrong, so there is nothing to acknowledge with OK.
        <div class="call-done" data-testid="call-said-no">
          <Notice kind="info">{t('home.saidNo', { name: phase.name })}</Notice>
        </div>
      ) : (
        phase &&
        (phase.kind === 'ended' || phase.kind === 'refused') && (
          <div class="call-done">
            <CallOutcome phase={phase} onDismiss={() => session?.dismiss()} />
            {phase.kind === 'ended' && (
              <button type="button" class="button" onClick={() => session?.dismiss()}>
                <Icon name="check" /> {t('done.ok')}
              </button>
            )}
          </div>
        )
      )}
      <p class="lead" data-testid="citizen-waiting">
        <Icon name="phone" /> {t('home.waiting')}
      </p>
      {callStaff && (
        <button
          type="button"
          class="button call-staff-button"
          disabled={snapshot?.link !== 'open' || resting}
          onClick={(e) =>
            place(callStaff.to, t(callStaff.kind === 'guide' ? 'home.guideName' : 'home.teamName'), e)
          }
        >
          <Icon name="phone" size={32} /> {t(callStaff.kind === 'guide' ? 'home.callGuide' : 'home.callTeam')}
        </button>
      )}
      <RingComing />
      <PushSetup csrfToken={props.csrfToken} />
      {snapshot && snapshot.link !== 'open' && <Notice kind="info">{t('call.linkDown')}</Notice>}
      {poolId && (
        <button
          type="button"
          class="button night-watch-button"
          disabled={snapshot?.link !== 'open' || resting}
          onClick={(e) => place({ kind: 'pool', id: poolId }, t('home.nightWatchName'), e)}
        >
          <Icon name="moon" size={48} /> {t('home.callNightWatch')}
        </button>
      )}
      <LogOutPanel csrfToken={props.csrfToken} disabled={resting} onLoggedOut={props.onLoggedOut} />
    </section>
  );
}

/**
 * When a tap was made, on performance.now()'s clock: the event's own time (Event.timeStamp, when the touch screen
 * or mouse made it), else now where a browser gives no usable time (0, or one from another clock).
 */
function tapTime(tap: Event): number {
  const now = performance.now();
  return tap.timeStamp > 0 && tap.timeStamp <= now ? tap.timeStamp : now;
}

/**
 * Asked before the signalling link reconnects. A citizen's session has no idle timeout, but it still ends
 * (its absolute lifetime, "log out everywhere", a support worker's action): the page the citizen was told to
 * leave open then logs in again from the browser's bound credential, as a reload would, so it keeps ringing.
 * Where that needs the citizen (a PIN or app code they chose, or a credential support has revoked), the page
 * shows that form instead of a link that never comes back (borger.md "Telefonen skal kunne ringe").
 */
export async function staySignedIn(onLogin: (result: LoginResult) => void): Promise<boolean> {
  if (await stillLoggedIn()) return true;
  try {
    const result = await startSession();
    onLogin(result);
    return result.sessionStarted;
  } catch (e) {
    // The cloud answered "not bound" (401) or refused: the code form. No answer at all: try the link again.
    if (isApiError(e) && e.reason !== 'network') {
      onLogin({ sessionStarted: false });
      return false;
    }
    return true;
  }
}
