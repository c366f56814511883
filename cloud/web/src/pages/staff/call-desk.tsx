import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useCallActivity } from '../../shared/call/call-activity.js';
import { CallIcon } from '../../shared/call/call-icons.js';
import { CallOutcome, CallScreen } from '../../shared/call/call-view.js';
import { useCallSession } from '../../shared/call/use-call-session.js';
import { Combobox, type ComboHit } from '../../shared/combobox.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { formatClockTime } from '../../shared/municipal-date.js';
import { Notice } from '../../shared/notice.js';
import { citizenSearch } from '../../shared/people-api.js';
import { ZoneHint } from '../../shared/zone-hint.js';
import { CallTime } from './call-time-view.js';
import { fetchSlot, fetchToday, type Slot } from './day-plan-api.js';
import { dayRing } from './day-ring.js';
import { MissedCalls } from './missed-calls.js';
import { nextSlotId, owesOutcome } from './next-slot.js';
import { clearPendingOutcome, loadPendingOutcome, savePendingOutcome } from './pending-outcome.js';
import { SlotOutcomeForm } from './slot-outcome-form.js';
import { StaffIncoming } from './staff-incoming.js';
import { StepHeading } from './step-parts.js';

/** How often today's plan re-reads itself (its online badges). */
export const PLAN_REREAD_MS = 15_000;

type Loaded = { kind: 'loading' } | { kind: 'ok'; slots: Slot[] } | { kind: 'failed'; message: string };

/**
 * Today's plan with one click to call, the call itself, and the outcome afterwards. `planVersion` changes when the
 * planning below changed a visit: today's plan is read again. `focus`: just logged in, so focus starts on the plan.
 */
export function CallDesk(props: {
  csrfToken: string | undefined;
  keepAlive: () => void;
  planVersion?: number;
  focus?: boolean;
}) {
  const { t, language } = useI18n();
  // Only rings this page can answer: a citizen calling the person or the team (day-ring.ts).
  const { session, snapshot } = useCallSession(true, { session: { rings: (r) => dayRing(r) !== null } });
  const [plan, setPlan] = useState<Loaded>({ kind: 'loading' });
  const [calledSlot, setCalledSlot] = useState<Slot | null>(null);
  // The outcome form opened from a row (a call that connected, whose outcome is still owed): focus goes to it.
  const [fromRow, setFromRow] = useState(false);
  // A reload brings back the outcome still owed for a call from the plan (pending-outcome.ts).
  const [restoring, setRestoring] = useState(() => loadPendingOutcome() !== null);
  const phase = snapshot?.phase;
  const inCall = phase?.kind === 'active' || phase?.kind === 'outgoing' || phase?.kind === 'placing';
  const callId = phase && 'callId' in phase ? phase.callId : undefined;
  // Focus goes to the plan's heading once, after the login: not again each time a call gives the plan back.
  const focusPlan = useRef(props.focus === true);
  useEffect(() => {
    if (phase && phase.kind !== 'active' && phase.kind !== 'outgoing' && phase.kind !== 'incoming')
      focusPlan.current = false;
  });

  useEffect(() => {
    const pending = loadPendingOutcome();
    if (!pending) return;
    const abort = new AbortController();
    fetchSlot(pending.slotId, abort.signal)
      .then((slot) => slot.outcome === null && setCalledSlot(slot))
      .catch(() => undefined)
      .finally(() => !abort.signal.aborted && setRestoring(false));
    return () => abort.abort();
  }, []);
  useEffect(() => {
    if (restoring) return;
    if (calledSlot) savePendingOutcome(calledSlot.id, callId);
    else clearPendingOutcome();
  }, [restoring, calledSlot, callId]);

  const load = useCallback(async (signal?: AbortSignal, passive = false) => {
    try {
      setPlan({ kind: 'ok', slots: await fetchToday(signal, passive) });
    } catch (e) {
      // A failed re-read keeps the plan on screen; the next one tries again.
      if (!signal?.aborted && !passive) setPlan({ kind: 'failed', message: errorMessage(e, t) });
    }
  }, []);
  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load, props.planVersion]);
  // The "online nu" badges follow the citizens: a plan read once showed a citizen who had since opened her page
  // as "ikke online" until "Opdatér planen" was pressed. Re-read passively, so it keeps nobody logged in.
  useEffect(() => {
    const abort = new AbortController();
    const timer = setInterval(() => void load(abort.signal, true), PLAN_REREAD_MS);
    return () => {
      clearInterval(timer);
      abort.abort();
    };
  }, [load]);

  // The idle warning never appears during a call; it comes back as usual once the call ends.
  useCallActivity(inCall, props.keepAlive);

  if (!session || !snapshot || !phase) return <p role="status">{t('calls.connecting')}</p>;

  if (phase.kind === 'active' || phase.kind === 'outgoing')
    return <CallScreen session={session} snapshot={snapshot} timer={<CallTime snapshot={snapshot} />} />;
  if (phase.kind === 'incoming')
    return (
      <StaffIncoming phase={phase} onAnswer={() => session.accept()} onDecline={() => session.decline()} />
    );

  const call = (slot: Slot) => {
    setFromRow(false);
    setCalledSlot(slot);
    session.place({ kind: 'citizen', id: slot.citizenId }, slot.citizenName, slot.id);
  };
  const next = plan.kind === 'ok' ? nextSlotId(plan.slots) : undefined;
  const needsOutcome =
    calledSlot !== null &&
    calledSlot.outcome === null &&
    // idle: after a reload, when the call had ended (or ends while the page reloads).
    (phase.kind === 'ended' || phase.kind === 'refused' || phase.kind === 'idle') &&
    props.csrfToken !== undefined;

  return (
    <section class="panel call-desk" aria-labelledby="plan-heading">
      <StepHeading id="plan-heading" icon="clock" focus={focusPlan.current}>
        {t('calls.planHeading')}
      </StepHeading>
      {plan.kind === 'ok' && plan.slots.length > 0 && <PlanCount slots={plan.slots} />}
      <ZoneHint />
      {snapshot.link !== 'open' && <Notice kind="info">{t('call.linkDown')}</Notice>}
      <div aria-live="polite">
        <CallOutcome
          phase={phase}
          onDismiss={() => {
            session.dismiss();
            setCalledSlot(null);
          }}
        />
      </div>
      {needsOutcome && calledSlot && props.csrfToken && (
        <SlotOutcomeForm
          key={calledSlot.id}
          slot={calledSlot}
          csrfToken={props.csrfToken}
          focus={fromRow}
          onDone={(saved) => {
            setCalledSlot(null);
            setFromRow(false);
            session.dismiss();
            if (saved) void load();
          }}
        />
      )}
      <MissedCalls
        disabled={inCall || snapshot.link !== 'open'}
        refreshKey={phase.kind}
        rereadMs={PLAN_REREAD_MS}
        onCall={(m) => {
          setCalledSlot(null);
          session.place({ kind: 'citizen', id: m.citizenId }, m.citizenName);
        }}
      />
      {plan.kind === 'loading' && <p role="status">{t('calls.loadingPlan')}</p>}
      {plan.kind === 'ok' && (
        <p class="actions">
          <button type="button" class="button button-secondary" onClick={() => void load()}>
            <Icon name="clock" /> {t('calls.refresh')}
          </button>
        </p>
      )}
      {plan.kind === 'failed' && <Notice kind="error">{plan.message}</Notice>}
      {plan.kind === 'ok' && plan.slots.length === 0 && <p>{t('calls.emptyPlan')}</p>}
      {plan.kind === 'ok' && plan.slots.length > 0 && (
        <ul class="plan" data-testid="day-plan">
          {plan.slots.map((slot) => (
            <li key={slot.id} class={planRowClass(slot, next)}>
              {/* Spaces between the parts: without them the row's text read "08:00Else Mortensen". */}
              <span class="plan-time">{formatClockTime(slot.localTime, language)}</span>{' '}
              <span class="plan-who">
                <strong>{slot.citizenName}</strong>{' '}
                {slot.id === next && (
                  <>
                    <span class="badge badge-next">{t('calls.next')}</span>{' '}
                  </>
                )}
                {slot.outcome && (
                  <>
                    <span class={`badge badge-outcome badge-${slot.outcome}`} data-testid="outcome-badge">
                      {slot.outcome === 'completed' && (
                        <>
                          <Icon name="check" />{' '}
                        </>
                      )}
                      {t(`outcome.${slot.outcome}`)}
                    </span>{' '}
                  </>
                )}
                {owesOutcome(slot) && (
                  <>
                    <span class="badge badge-talked" data-testid="talked-badge">
                      {t('calls.talked')}
                    </span>{' '}
                  </>
                )}
                <span class={slot.citizenOnline ? 'badge badge-online' : 'badge'} data-testid="online-badge">
                  {t(slot.citizenOnline ? 'calls.online' : 'calls.offline')}
                </span>{' '}
                <span class="muted">
                  {t(`slot.${slot.type}`)} · {slot.unitName}
                </span>
              </span>
              <span class="plan-actions">
                {owesOutcome(slot) && calledSlot?.id !== slot.id && props.csrfToken !== undefined && (
                  <button
                    type="button"
                    class="button plan-call"
                    aria-disabled={inCall}
                    onClick={() => {
                      if (inCall) return;
                      setFromRow(true);
                      setCalledSlot(slot);
                    }}
                  >
                    <Icon name="check" /> {t('calls.owedOutcome', { name: slot.citizenName })}
                  </button>
                )}
                <button
                  type="button"
                  class={
                    slot.outcome || owesOutcome(slot)
                      ? 'button button-secondary plan-call'
                      : 'button plan-call'
                  }
                  aria-disabled={inCall || snapshot.link !== 'open'}
                  onClick={() => !inCall && snapshot.link === 'open' && call(slot)}
                >
                  <CallIcon name="phone" />{' '}
                  {t(slot.outcome || owesOutcome(slot) ? 'calls.callAgain' : 'calls.call', {
                    name: slot.citizenName,
                  })}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <AdHocCall
        disabled={inCall || snapshot.link !== 'open'}
        onCall={(hit) => {
          setCalledSlot(null);
          session.place({ kind: 'citizen', id: hit.id }, hit.label);
        }}
      />
    </section>
  );
}

/**
 * A visit with an outcome reads as done at a glance (walk from npm start: "· Gennemført" in small grey text beside
 * a blue "Ring til …" looked like every open visit): a badge in words beside the name, muted time and name, and
 * a secondary "Ring igen til …" so the open visits' buttons are the ones that stand out.
 */
function planRowClass(slot: Slot, next: string | undefined): string {
  if (slot.id === next) return 'plan-row plan-next';
  return slot.outcome ? 'plan-row plan-done' : 'plan-row';
}

/** "3 af 12 opkald mangler i dag": how much of the day is left, at a glance; and how many only lack the outcome. */
function PlanCount(props: { slots: readonly Slot[] }) {
  const { t } = useI18n();
  const left = props.slots.filter((s) => s.outcome === null).length;
  const owed = props.slots.filter(owesOutcome).length;
  return (
    <p class="plan-count" data-testid="plan-count">
      {left === 0 ? t('calls.allDone') : t('calls.left', { left, total: props.slots.length })}
      {owed > 0 && <> {t('calls.owedCount', { count: owed })}</>}
    </p>
  );
}

/** Issue 12 §6: call any citizen one may call now, also someone not on today's plan. */
function AdHocCall(props: { disabled: boolean; onCall: (hit: ComboHit) => void }) {
  const { t } = useI18n();
  const [citizen, setCitizen] = useState<ComboHit | null>(null);
  // "Ring op" pressed with a name typed but none chosen did nothing at all: say what is missing.
  const [unchosen, setUnchosen] = useState(false);
  return (
    <form
      class="ad-hoc"
      aria-labelledby="adhoc-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (props.disabled) return;
        if (citizen) props.onCall(citizen);
        else setUnchosen(true);
      }}
    >
      <h3 id="adhoc-heading">{t('calls.adHocHeading')}</h3>
      <Combobox
        id="adhoc-citizen"
        label={t('calls.adHocWho')}
        value={citizen}
        onChange={(hit) => {
          setCitizen(hit);
          setUnchosen(false);
        }}
        search={citizenSearch(t, { callable: true })}
      />
      <button type="submit" class="button" aria-disabled={props.disabled}>
        <CallIcon name="phone" />{' '}
        {citizen
          ? // The unit (and ref) chosen in the list, so the button says which of two namesakes it calls.
            t('calls.call', { name: citizen.detail ? `${citizen.label} (${citizen.detail})` : citizen.label })
          : t('calls.adHocCall')}
      </button>
      {unchosen && <Notice kind="error">{t('calls.adHocChoose')}</Notice>}
    </form>
  );
}
