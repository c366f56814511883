import type { CallSession, CallSnapshot } from '../../shared/call/call-session.js';
import { CallScreen } from '../../shared/call/call-view.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { type CallsState, shownName } from './call-queue.js';

/**
 * The ringing queue, the call in progress and the last call's outcome. The count sits in a polite live region
 * so a screen reader hears "2 calls waiting" when a resident calls, without focus being pulled from elsewhere.
 */
export function QueuePanel(props: {
  calls: CallsState;
  /** The shared call session: the call screen (video, self-view, mute, camera, quality) of the active call. */
  call: { session: CallSession; snapshot: CallSnapshot } | null;
  online: boolean;
  /** A colleague other than this person is on duty and reachable: where a call passed on rings now. */
  othersOnDuty: boolean;
  onAccept: (callId: string) => void;
  onHangup: () => void;
  onDismiss: () => void;
}) {
  const { t } = useI18n();
  const { queue, active, notice } = props.calls;
  const waiting = queue.filter((c) => c.state !== 'taken').length;
  const phase = props.call?.snapshot.phase;
  const onScreen = phase?.kind === 'active' && phase.callId === active?.callId ? props.call : null;
  return (
    <section class="panel queue" aria-labelledby="queue-heading">
      <h2 id="queue-heading">
        <Icon name="phone" /> {t('queue.heading')}
      </h2>
      <p aria-live="polite" data-testid="queue-count">
        {/* In a call, "nobody is calling" read as if the call had gone (walk from npm start, issue 10). */}
        {waiting > 0
          ? t('queue.waiting', { count: waiting })
          : active
            ? t('queue.emptyInCall')
            : t('queue.empty')}
      </p>
      {!props.online && (
        <Notice kind="error">
          <p data-testid="link-down">{t('queue.offline')}</p>
        </Notice>
      )}
      {active && (
        <div class="in-call" data-testid="in-call">
          {onScreen ? (
            <CallScreen
              session={onScreen.session}
              snapshot={onScreen.snapshot}
              headingLevel={3}
              peerName={active.name}
            />
          ) : (
            <>
              <p class="in-call-name">
                <Icon name="phone" size={32} /> {t('call.with', { name: active.name })}
              </p>
              <button type="button" class="button button-danger" onClick={props.onHangup}>
                <Icon name="power" /> {t('call.hangup')}
              </button>
            </>
          )}
        </div>
      )}
      {queue.length > 0 && (
        <ul class="ringing-list">
          {queue.map((c) => (
            <li key={c.callId} class={`ringing ringing-${c.state}`} data-testid="ringing-call">
              <span class="ringing-name">
                <Icon name={c.state === 'taken' ? 'check' : 'phone'} size={32} /> {shownName(c)}
              </span>
              {c.state === 'taken' ? (
                <span data-testid="taken-by">
                  {c.takenBy ? t('queue.takenBy', { name: c.takenBy }) : t('queue.taken')}
                </span>
              ) : (
                <button
                  type="button"
                  class="button button-accept"
                  aria-disabled={c.state === 'accepting' || active !== null}
                  aria-describedby={active ? 'busy-hint' : undefined}
                  onClick={() => {
                    if (c.state === 'ringing' && !active) props.onAccept(c.callId);
                  }}
                >
                  <Icon name="phone" />{' '}
                  {c.state === 'accepting' ? t('queue.accepting') : t('queue.accept', { name: shownName(c) })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {active && queue.length > 0 && (
        <p id="busy-hint" class="hint">
          {t('queue.busyHint')}
        </p>
      )}
      {notice && (
        <Notice kind={notice.kind === 'refused' || notice.kind === 'lost' ? 'error' : 'info'}>
          <p data-testid="call-notice">
            {notice.kind === 'refused'
              ? notice.message
              : notice.kind === 'lost'
                ? t('notice.lost', { name: notice.name })
                : notice.kind === 'missed'
                  ? t('notice.missed', { name: notice.name })
                  : notice.kind === 'passedOn'
                    ? t(props.othersOnDuty ? 'notice.passedOn' : 'notice.passedOnNobody', {
                        name: notice.name,
                      })
                    : t('notice.ended', { name: notice.name })}
          </p>
          <button type="button" class="button button-small button-secondary" onClick={props.onDismiss}>
            <Icon name="check" /> {t('notice.ok')}
          </button>
        </Notice>
      )}
    </section>
  );
}
