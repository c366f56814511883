import { useEffect, useState } from 'preact/hooks';
import { Combobox, type ComboHit } from '../../shared/combobox.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { findStaff, type StaffHit, staffOption } from '../../shared/people-api.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { type InviteStatus, type IssuedInvite, issueInvite, readInviteStatus } from './invite-api.js';
import { inviteLetterUrl } from './invite-letter.js';
import { ActionError, Section, useAction } from './parts.js';

/**
 * Staff by name, with the invitation for someone who has no password yet (issue 12 §1): a one-time link to hand
 * over or print, never a password in an e-mail. The cloud forces a new password and the second factor on it.
 */
export function StaffSection(props: { csrfToken: string }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<ComboHit | null>(null);
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
      {chosen && <StaffCard key={chosen.id} csrfToken={props.csrfToken} staffId={chosen.id} />}
    </Section>
  );
}

function StaffCard(props: { csrfToken: string; staffId: string }) {
  const { t, language } = useI18n();
  const [person, setPerson] = useState<StaffHit | null>(null);
  const [status, setStatus] = useState<InviteStatus | null>(null);
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
  const inviteState = status.invite
    ? t(`staff.invite.${status.invite.state}`, { expires: when(status.invite.expiresAt) })
    : t('staff.invite.none');
  return (
    <section class="panel" aria-labelledby="staff-card-heading" data-testid="staff-card">
      <h3 id="staff-card-heading">
        <Icon name="user" /> {name}
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
      <ActionError error={error} />
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
    </section>
  );
}
