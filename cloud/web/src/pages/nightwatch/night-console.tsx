import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { logout } from '../staff/auth-api.js';
import { callsReducer, initialCalls, shownName } from './call-queue.js';
import { type CallerReads, callerName } from './caller-name.js';
import { useConsoleLock } from './console-lock.js';
import { DutyPanel, OnDutyList, RosterPanel } from './duty-panels.js';
import { LockScreen } from './lock-screen.js';
import { MissedPanel } from './missed-panel.js';
import {
  callbackDone,
  caller,
  type MissedCall,
  missedCalls,
  myPools,
  myWatches,
  onDuty,
  ownCitizenName,
  type Pool,
  setDuty,
  waitingCalls,
} from './nightwatch-api.js';
import { PinPanel } from './pin-panel.js';
import { QueuePanel } from './queue-panel.js';
import { RingAlert, type RingAlertState } from './ring-alert.js';
import { RingBanner } from './ring-banner.js';
import { SoundPanel } from './sound-panel.js';
import type { GateValue } from './staff-gate.js';
import { SwitchPanel } from './switch-panel.js';
import { useConsoleLink } from './use-console-link.js';
import { useRefreshing } from './use-refreshing.js';
import { WaitingPanel } from './waiting-panel.js';

export const REFRESH_MS = 5_000;
const CALLER_READS: CallerReads = { pool: caller, ownCitizen: ownCitizenName };

/**
 * One person's console. main.tsx keys it by session, so a console switch unmounts it: its socket closes and
 * every piece of state below (queue, lists, typed text) goes with it; nothing is kept outside this tree.
 */
export function NightConsole(props: { gate: GateValue; onSwitched: (displayName: string) => void }) {
  const { t } = useI18n();
  const { session } = props.gate;
  const token = session.csrfToken;
  const me = session.displayName ?? '';
  const [pools, setPools] = useState<Pool[] | undefined>(undefined);
  const [poolsError, setPoolsError] = useState<unknown>(undefined);
  const pool = pools?.[0];
  const [calls, dispatch] = useReducer(callsReducer, initialCalls);
  const [dutyChoice, setDutyChoice] = useState<boolean | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The request id a call-back is placed with, so the queue reducer and the session speak of the same call.
  const nextRequestId = useRef<string | null>(null);
  const lock = useConsoleLock();
  const alert = useMemo(() => new RingAlert(), []);
  const [sound, setSound] = useState<RingAlertState>(alert.state);
  useEffect(() => {
    const off = alert.subscribe(setSound);
    // The first ring's notification as fast as later ones: the worker is ready before anyone rings.
    alert.prepare();
    return () => {
      off();
      alert.dispose();
    };
  }, [alert]);

  // Read once unlocked: a console reloaded while locked has no right to read anything yet (issue 10 §1).
  useEffect(() => {
    if (lock.locked || pools !== undefined) return;
    const abort = new AbortController();
    setPoolsError(undefined);
    myPools(abort.signal).then(setPools, (e) => !abort.signal.aborted && setPoolsError(e));
    return () => abort.abort();
  }, [lock.locked]);

  // The ringing residents' names, read only while unlocked (the ring frame carries the place alone, and a
  // direct call that rang while locked only a word): caller-name.ts.
  const named = useRef(new Set<string>());
  useEffect(() => {
    if (lock.locked) {
      named.current.clear();
      return;
    }
    // Keyed by call, not by resident: a resident who calls again (or calls a console that was switched to
    // another member) is a new ring whose name must be read again. And by pool: a console reloaded while
    // locked learns its pool only after the unlock, and a night-watch ring is named only through it.
    const via = pool?.id ?? '';
    const unnamed = [
      ...calls.queue
        .filter((c) => !c.name)
        .map((c) => ({ key: `${via}:${c.callId}`, citizenId: c.citizenId })),
      ...(calls.active?.citizenId
        ? [{ key: `${via}:active:${calls.active.callId}`, citizenId: calls.active.citizenId }]
        : []),
    ];
    for (const c of unnamed) {
      if (named.current.has(c.key)) continue;
      named.current.add(c.key);
      callerName(CALLER_READS, pool?.id, c.citizenId).then(
        (name) => name && dispatch({ type: 'caller', citizenId: c.citizenId, name }),
        () => named.current.delete(c.key),
      );
    }
  }, [calls.queue, calls.active, lock.locked, pool?.id]);

  // Paused while locked (null): the pool's lists are personal, a locked session is refused them, and a 401 every
  // 5 s per list for the length of a lock is noise in the server's logs (night-watch walk). The ring comes over
  // the socket, not from these reads. Unlocked, each list loads at once.
  const poolKey = lock.locked ? null : (pool?.id ?? '');
  const duty = useRefreshing(
    (s) => (pool ? onDuty(pool.id, s) : Promise.resolve(undefined)),
    REFRESH_MS,
    poolKey,
  );
  const missed = useRefreshing(
    (s) => (pool ? missedCalls(pool.id, s) : Promise.resolve(undefined)),
    REFRESH_MS,
    poolKey,
  );
  const waiting = useRefreshing(
    (s) => (pool ? waitingCalls(pool.id, s) : Promise.resolve(undefined)),
    REFRESH_MS,
    poolKey,
  );
  const watches = useRefreshing(myWatches, 60_000, lock.locked ? null : 'mine');

  const { call, snapshot, online } = useConsoleLink({
    dispatch,
    nextRequestId,
    onSessionGone: () => props.gate.signOut('ended'),
    onOpen: duty.refresh,
    onCallEnded: missed.refresh,
    onRingChanged: waiting.refresh,
  });

  // The name the console shows for its call (read after the ring, which names only the place) is what a reload
  // shows again.
  useEffect(() => {
    if (calls.active) call.current?.rename(calls.active.callId, calls.active.name);
  }, [calls.active?.callId, calls.active?.name]);

  // A call-back that was answered is marked done (first one wins on the server; a 409 just means a colleague did).
  const marked = useRef(new Set<string>());
  useEffect(() => {
    const id = calls.active?.missedCallId;
    if (!id || marked.current.has(id)) return;
    marked.current.add(id);
    callbackDone(token, id).then(missed.refresh, missed.refresh);
  }, [calls.active?.missedCallId]);

  // Who am I in the list? The session does not carry the staff id, so the own display name is matched until the
  // person has chosen on this screen; their choice is what the server answered.
  const listed = duty.data?.some((m) => m.displayName === me);
  const onDutyNow = dutyChoice ?? (duty.data === undefined ? undefined : listed);
  useEffect(() => lock.reportOnDuty(onDutyNow === true), [onDutyNow]);

  // Ring until the call is answered here, taken by a colleague or gone; never while this console is in a call.
  const ringing = calls.queue.filter((c) => c.state === 'ringing').length;
  const ringOn = ringing > 0 && calls.active === null;
  useEffect(() => {
    if (!ringOn) return alert.stop();
    const first = calls.queue.find((c) => c.state === 'ringing');
    // The notification names the PLACE, never the resident: it may show over a locked console (issue 10 §1).
    alert.start({
      title: t('ring.title'),
      body: first ? t('ring.body', { place: first.place }) : t('ring.bodyLocked'),
      answer: t('ring.answer'),
    });
  }, [ringOn]);
  const answerFirst = () => {
    const first = calls.queue.find((c) => c.state === 'ringing');
    if (first) accept(first.callId);
  };
  // "Besvar" on the system notification (public/nightwatch/sw.js). Locked, the lock screen is what shows.
  const answerRef = useRef(answerFirst);
  answerRef.current = lock.locked ? () => undefined : answerFirst;
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const onMessage = (e: MessageEvent) => {
      if ((e.data as { type?: unknown } | null)?.type === 'sv.nightwatch.answer') answerRef.current();
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, []);

  const toggle = async () => {
    if (!pool || busy) return;
    // The person's own press: the moment the browser lets the console's sound start (autoplay rule).
    alert.unlockFromGesture();
    setBusy(true);
    setError(null);
    const next = !onDutyNow;
    // Before the request: the server stops this console's ring as it answers (call-queue.ts `leaving`).
    if (!next) dispatch({ type: 'leaving' });
    try {
      duty.set(await setDuty(token, pool.id, next));
      setDutyChoice(next);
    } catch (e) {
      if (!next) dispatch({ type: 'stayed' });
      setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const accept = (callId: string) => {
    const ringing = calls.queue.find((c) => c.callId === callId);
    if (!ringing || !call.current) return;
    dispatch({ type: 'accepting', callId });
    call.current.acceptCall(callId, { kind: 'citizen', id: ringing.citizenId }, shownName(ringing));
  };
  const hangup = () => call.current?.hangUp();
  const callBack = (m: MissedCall) => {
    const requestId = crypto.randomUUID();
    dispatch({
      type: 'callBack',
      requestId,
      missedCallId: m.callId,
      citizenId: m.citizenId,
      name: m.citizenName,
    });
    nextRequestId.current = requestId;
    call.current?.place({ kind: 'citizen', id: m.citizenId }, m.citizenName);
    nextRequestId.current = null;
  };

  const signOut = async () => {
    try {
      await logout(token, false);
      props.gate.signOut('self');
    } catch (e) {
      setError(errorMessage(e, t));
    }
  };

  if (lock.locked)
    return (
      <>
        <RingBanner count={ringing} locked />
        {/* The banner went when a colleague took the call: say so, or a locked console just goes quiet and
            the person wonders whether the resident gave up. No name: the console is locked (issue 10 §1). */}
        {ringing === 0 && calls.queue.some((c) => c.state === 'taken') && (
          <Notice kind="info">
            <p data-testid="taken-locked">{t('lock.taken')}</p>
          </Notice>
        )}
        <LockScreen
          ringing={ringing}
          owner={me}
          csrfToken={token}
          onSwitched={props.onSwitched}
          onUnlocked={answerFirst}
          onGesture={() => alert.unlockFromGesture()}
          soundBlocked={sound.blocked && ringOn}
        />
      </>
    );
  if (poolsError !== undefined)
    return (
      <Notice kind="error">
        <p>{errorMessage(poolsError, t)}</p>
      </Notice>
    );
  if (pools === undefined) return <p role="status">{t('loading')}</p>;
  return (
    <>
      <RingBanner count={ringOn ? ringing : 0} locked={false} onAnswer={answerFirst} />
      <div class="console-bar">
        <p data-testid="console-person">
          <Icon name="user" /> {t('console.person', { name: me })}
        </p>
        <button type="button" class="button button-secondary" onClick={() => void signOut()}>
          <Icon name="power" /> {t('console.logout')}
        </button>
      </div>
      {!pool ? (
        <Notice kind="info">
          <p data-testid="no-pool">{t('console.noPool')}</p>
        </Notice>
      ) : (
        <>
          <QueuePanel
            calls={calls}
            othersOnDuty={duty.data?.some((m) => m.reachable && m.displayName !== me) === true}
            call={call.current && snapshot ? { session: call.current, snapshot } : null}
            online={online}
            onAccept={accept}
            onHangup={hangup}
            onDismiss={() => dispatch({ type: 'dismiss' })}
          />
          <WaitingPanel waiting={waiting.data} failed={waiting.error !== undefined} />
          <DutyPanel onDuty={onDutyNow} busy={busy} onToggle={() => void toggle()} />
          {error && <Notice kind="error">{error}</Notice>}
          <OnDutyList list={duty.data} failed={duty.error !== undefined} />
          <MissedPanel
            missed={missed.data}
            failed={missed.error !== undefined}
            callBack={calls.callBack}
            busy={calls.callBack !== null || calls.active !== null}
            onCallBack={callBack}
          />
        </>
      )}
      <SoundPanel alert={alert} state={sound} />
      <PinPanel csrfToken={token} />
      <RosterPanel shifts={watches.data} failed={watches.error !== undefined} />
      {pool && (
        <SwitchPanel
          csrfToken={token}
          currentName={me}
          onDuty={onDutyNow === true}
          onSwitched={props.onSwitched}
        />
      )}
    </>
  );
}
