import { useEffect, useRef, useState } from 'preact/hooks';
import { Combobox, type ComboHit } from '../../shared/combobox.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { findStaff, type StaffHit, staffOption } from '../../shared/people-api.js';
import { type Said, said } from '../../shared/said.js';
import { SaidNotice } from '../../shared/said-notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { ConfirmPanel } from './confirm-panel.js';
import {
  closeStaff,
  type InviteStatus,
  type IssuedInvite,
  issueInvite,
  readInviteStatus,
} from './invite-api.js';
import { inviteLetterUrl } from './invite-letter.js';
import { ActionError, Section, useAction } from './parts.js';
import { ResetAccessPanel } from './reset-access-panel.js';
import { closeOffer, offersReset } from './staff-close.js';

/** Who is logged in, as the session names them (GET /api/auth/session `id`; null if an older cloud sent none). */
export interface Me {
  readonly id: string | null;
  readonly role: string;
}

/**
 * Staff by name, with the invitation for someone who has no password yet (issue 12 §1): a one-time link to hand
 * over or print, never a password in an e-mail. The cloud forces a new password and the second factor on it.
 * A staff member who stops is closed from the card too ("Luk …", after a question that says what it does).
 */
export function StaffSection(props: {
  csrfToken: string;
  me: Me;
  /** A staff member opened from another page (an inactive-account alert): their card is shown, and focused. */
  open?: { id: string; name: string } | null;
}) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<ComboHit | null>(
    props.open ? { id: props.open.id, label: props.open.name } : null,
  );
  return (
    <Section id="staff" icon="user" title={t('staff.heading')}>
      <p class="hint">{t('staff.intro')}</p>
      <Combobox
        id="staff-find"
        label={t('staff.find')}
        value={chosen}
        onChange={setChosen}
        search={async (q, signal) => (await findStaff(q, signal)).map((h) => staffOption(h, t))}
      />
      {chosen && (
        <StaffCard
          key={chosen.id}
          csrfToken={props.csrfToken}
          staffId={chosen.id}
          me={props.me}
          focus={chosen.id === props.open?.id}
        />
      )}
    </Section>
  );
}

function StaffCard(props: { csrfToken: string; staffId: string; me: Me; focus?: boolean }) {
  const { t, language } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [person, setPerson] = useState<StaffHit | null>(null);
  const [status, setStatus] = useState<InviteStatus | null>(null);
  const [confirming, setConfirming] = useState(false);
  /** "… er lukket …", translated as it is shown (shared/said.ts), so it follows a change of language. */
  const [closed, setClosed] = useState<Said | null>(null);
  const [issued, setIssued] = useState<{ invite: IssuedInvite; link: string; letter: string } | null>(null);
  const { busy, error, run } = useAction();
  const municipal = useMunicipalTime();
  const when = (iso: string) => municipal(iso, { dateStyle: 'long', timeStyle: 'short' });
  const load = async () => {
    const [hits, s] = await Promise.all([
      findStaff('', undefined, [props.staffId]),
      readInviteStatus(props.staffId),
    ]);
    setPerson(hits[0] ?? null);
    setStatus(s);
  };
  useEffect(() => void run(load), [props.staffId]);
  // Opened by a link from an alert, the person lands on the card's name (WCAG 2.2 SC 2.4.3). The heading takes
  // focus from script only (tabIndex -1), also after closing.
  const loaded = person !== null && status !== null;
  useEffect(() => {
    if (loaded && props.focus) heading.current?.focus();
  }, [loaded]);
  useEffect(() => () => void (issued && URL.revokeObjectURL(issued.letter)), [issued?.letter]);
  if (!person || !status) return error ? <ActionError error={error} /> : <p role="status">{t('loading')}</p>;
  const name = person.displayName;
  const invite = () =>
    void run(async () => {
      const made = await issueInvite(props.csrfToken, props.staffId);
      const link = `${window.location.origin}${made.path}`;
      const letter = inviteLetterUrl(
        t,
        language,
        { name, username: person.username },
        link,
        when(made.expiresAt),
      );
      setIssued({ invite: made, link, letter });
      setStatus(await readInviteStatus(props.staffId));
    });
  const offer = closeOffer(person, status.disabled, props.me);
  const close = () =>
    void run(async () => {
      await closeStaff(props.csrfToken, props.staffId);
      setConfirming(false);
      setClosed(said('staff.closedDone', { name }));
      await load();
      // The question and its button are gone: the person lands on the card's name, now "(lukket)".
      heading.current?.focus();
    });
  const inviteState = status.invite
    ? t(`staff.invite.${status.invite.state}`, { expires: when(status.invite.expiresAt) })
    : t('staff.invite.none');
  return (
    <section class="panel" aria-labelledby="staff-card-heading" data-testid="staff-card">
      <h3 id="staff-card-heading" ref={heading} tabIndex={-1}>
        <Icon name="user" /> {name}
        {status.disabled && ` (${t('combo.closed')})`}
      </h3>
      <dl class="facts">
        <dt>{t('staff.username')}</dt>
        <dd>{person.username}</dd>
        <dt>{t('staff.role')}</dt>
        <dd>{t(`role.${person.role}`)}</dd>
        <dt>{t('staff.password')}</dt>
        <dd>
          {status.disabled
            ? t('staff.closed')
            : status.temporaryPassword
              ? t('staff.temporaryPassword')
              : status.hasPassword
                ? t('staff.hasPassword')
                : t('staff.noPassword')}
        </dd>
        <dt>{t('staff.lastLogin')}</dt>
        <dd>{status.lastLoginAt ? when(status.lastLoginAt) : t('staff.never')}</dd>
        <dt>{t('staff.invitation')}</dt>
        <dd data-testid="invite-state">{inviteState}</dd>
      </dl>
      {!status.hasPassword && !status.disabled && (
        <>
          <p class="hint" id="invite-hint">
            {t('staff.inviteHint', { name })}
          </p>
          <button
            type="button"
            class="button"
            aria-disabled={busy}
            aria-describedby="invite-hint"
            onClick={invite}
          >
            <Icon name="key" /> {t(status.invite ? 'staff.inviteAgain' : 'staff.inviteButton', { name })}
          </button>
        </>
      )}
      {offersReset(person, status, props.me) && (
        <ResetAccessPanel
          csrfToken={props.csrfToken}
          staffId={props.staffId}
          name={name}
          closed={status.disabled}
          onDone={() => void load()}
        />
      )}
      {!confirming && <ActionError error={error} />}
      {issued && !error && (
        <Notice kind="success">
          <p role="status" data-testid="invite-issued">
            {t('staff.invited', { expires: when(issued.invite.expiresAt) })}
          </p>
          <label for="invite-link">{t('staff.link', { name })}</label>
          <input id="invite-link" type="text" readOnly value={issued.link} aria-describedby="invite-once" />
          <p id="invite-once" class="hint">
            {t('staff.linkOnce')}
          </p>
          <p class="actions">
            <a class="button" href={issued.letter} target="_blank" rel="noopener">
              <Icon name="book" /> {t('staff.printLetter')}
            </a>
          </p>
        </Notice>
      )}
      {offer === 'offer' && !confirming && (
        <p>
          <button
            type="button"
            class="button button-secondary"
            onClick={() => {
              setClosed(null);
              setConfirming(true);
            }}
          >
            <Icon name="lock" /> {t('staff.close', { name })}
          </button>
        </p>
      )}
      {offer === 'self' && (
        <p class="hint" data-testid="staff-close-why">
          {t('staff.notSelf')}
        </p>
      )}
      {offer === 'system_admin' && (
        <p class="hint" data-testid="staff-close-why">
          {t('staff.notAdmin', { name })}
        </p>
      )}
      {confirming && offer === 'offer' && (
        <ConfirmCloseStaff
          name={name}
          busy={busy}
          error={error}
          onCancel={() => setConfirming(false)}
          onConfirm={close}
        />
      )}
      {!error && <SaidNotice said={closed} />}
    </section>
  );
}

/** The question before closing, as the citizen's (citizens-section.tsx): what happens, and that it stays. */
function ConfirmCloseStaff(props: {
  name: string;
  busy: boolean;
  /** The cloud's refusal, in the page's language (e.g. the person became a system administrator meanwhile). */
  error: string | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  return (
    <ConfirmPanel
      id="confirm-staff"
      heading={t('staff.confirmHeading', { name: props.name })}
      yes={t('staff.confirmYes', { name: props.name })}
      no={t('staff.confirmNo')}
      busy={props.busy}
      error={props.error}
      onCancel={props.onCancel}
      onConfirm={props.onConfirm}
    >
      <p>{t('staff.confirmText', { name: props.name })}</p>
      <p>{t('staff.confirmReopen')}</p>
    </ConfirmPanel>
  );
}
