import { useEffect, useRef, useState } from 'preact/hooks';
import { Combobox, type ComboHit } from '../../shared/combobox.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { type CitizenHit, citizenSearch, findCitizens } from '../../shared/people-api.js';
import { type Said, said } from '../../shared/said.js';
import { SaidNotice, useSay } from '../../shared/said-notice.js';
import { ActivationPanel } from './activation-panel.js';
import { AutoAnswerPanel } from './auto-answer-panel.js';
import { type Citizen, closeCitizen, createCitizen, editCitizen, readCitizen } from './citizens-api.js';
import { kioskLine, kiosksLentTo, type LentKiosk } from './closing-kiosks.js';
import { ConfirmPanel } from './confirm-panel.js';
import { listDevices } from './devices-api.js';
import { OwnDevicesPanel } from './own-devices-panel.js';
import { ActionError, Section, TextField, UserMessage, useAction } from './parts.js';

/**
 * Citizens by name (issue 12 §1): find one, or create one in a form; then correct the name, see and revoke the
 * citizen's own phones, tablets and computers (OwnDevicesPanel: a lost phone), issue an activation code, set
 * whether calls from staff are answered by themselves (AutoAnswerPanel), or close the citizen (which ends their
 * access at once, after a confirmation that says so).
 */
export function CitizensSection(props: {
  csrfToken: string;
  /** A citizen opened from another page (the kiosk's borrower): their card is shown, and focused, at once. */
  open?: { id: string; name: string } | null;
}) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<ComboHit | null>(
    props.open ? { id: props.open.id, label: props.open.name } : null,
  );
  const [name, setName] = useState('');
  const [initials, setInitials] = useState('');
  const [created, setCreated] = useState<Said | null>(null);
  const { busy, error, fields, run } = useAction();
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      if (!name.trim()) throw new UserMessage('citizen.nameMissing');
      const citizen = await createCitizen(props.csrfToken, name.trim(), initials.trim());
      setName('');
      setInitials('');
      setCreated(said('citizen.created', { name: citizen.displayName }));
      setChosen({ id: citizen.id, label: citizen.displayName });
    });
  };
  return (
    <Section id="citizens" icon="heart" title={t('citizen.heading')}>
      <Combobox
        id="citizen-find"
        label={t('citizen.find')}
        value={chosen}
        onChange={(hit) => {
          setCreated(null);
          setChosen(hit);
        }}
        search={citizenSearch(t, { includeClosed: true })}
      />
      <SaidNotice said={created} />
      {chosen && (
        <CitizenCard
          key={chosen.id}
          csrfToken={props.csrfToken}
          citizenId={chosen.id}
          focus={chosen.id === props.open?.id}
        />
      )}
      <form onSubmit={create} aria-labelledby="new-citizen-heading">
        <h3 id="new-citizen-heading">
          <Icon name="user" /> {t('citizen.new')}
        </h3>
        <p class="hint">{t('citizen.minimum')}</p>
        <div class="field-row">
          <TextField
            id="new-citizen-name"
            label={t('citizen.name')}
            value={name}
            onInput={setName}
            error={fields.displayName}
          />
          <TextField
            id="new-citizen-initials"
            label={t('citizen.initials')}
            hint={t('citizen.initialsHint')}
            value={initials}
            onInput={setInitials}
            error={fields.initials}
          />
        </div>
        <button type="submit" class="button" aria-disabled={busy}>
          <Icon name="check" /> {t('citizen.create')}
        </button>
        <ActionError error={error} />
      </form>
    </Section>
  );
}

function CitizenCard(props: { csrfToken: string; citizenId: string; focus?: boolean }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const codeHeading = useRef<HTMLHeadingElement>(null);
  const [citizen, setCitizen] = useState<Citizen | null>(null);
  const [active, setActive] = useState(true);
  /** Units and ref as the search lists show them: what tells this citizen from a namesake. */
  const [hit, setHit] = useState<CitizenHit | null>(null);
  const [name, setName] = useState('');
  const [initials, setInitials] = useState('');
  const [confirming, setConfirming] = useState(false);
  /**
   * The kiosks the citizen still borrows, read when support asks to close them: closing ends the loan too and
   * wipes each enrolled kiosk remotely (cloud devices/closed-citizen-loan.ts), so the question and the answer
   * say which kiosk is to be fetched from the home, and whether it is wiped (closing-kiosks.ts).
   */
  const [kiosks, setKiosks] = useState<LentKiosk[]>([]);
  /** The answer to the last action, translated as it is shown (shared/said.ts), so it follows a change of language. */
  const [done, setDone] = useState<Said | null>(null);
  const { busy, error, fields, run } = useAction();
  const load = async () => {
    const [c, hits] = await Promise.all([
      readCitizen(props.citizenId),
      findCitizens('', undefined, { ids: [props.citizenId] }),
    ]);
    setCitizen(c);
    setName(c.displayName);
    setInitials(c.initials ?? '');
    setActive(hits[0]?.active ?? true);
    setHit(hits[0] ?? null);
  };
  useEffect(() => void run(load), [props.citizenId]);
  // Opened by a link from another page, the person lands on the card's name (WCAG 2.2 SC 2.4.3).
  const loaded = citizen !== null;
  useEffect(() => {
    if (loaded && props.focus) heading.current?.focus();
  }, [loaded]);
  if (!citizen) return error ? <ActionError error={error} /> : <p role="status">{t('loading')}</p>;
  return (
    <section class="panel" aria-labelledby="citizen-card-heading" data-testid="citizen-card">
      <h3 id="citizen-card-heading" ref={heading} tabIndex={props.focus ? -1 : undefined}>
        <Icon name="heart" /> {citizen.displayName}
        {!active && ` (${t('combo.closed')})`}
      </h3>
      {hit && (
        <dl class="facts" data-testid="citizen-distinction">
          <dt>{t('citizen.units')}</dt>
          <dd>{hit.units.length > 0 ? hit.units.join(', ') : t('citizen.noUnits')}</dd>
          <dt>{t('citizen.ref')}</dt>
          <dd>
            {hit.ref} <span class="hint">{t('citizen.refHint')}</span>
          </dd>
        </dl>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const saved = await editCitizen(props.csrfToken, citizen.id, name.trim(), initials.trim());
            setCitizen(saved);
            setDone(said('citizen.saved', { name: saved.displayName }));
          });
        }}
      >
        <div class="field-row">
          <TextField
            id="edit-citizen-name"
            label={t('citizen.name')}
            value={name}
            onInput={setName}
            error={fields.displayName}
          />
          <TextField
            id="edit-citizen-initials"
            label={t('citizen.initials')}
            value={initials}
            onInput={setInitials}
            error={fields.initials}
          />
        </div>
        <button type="submit" class="button button-secondary" aria-disabled={busy}>
          <Icon name="check" /> {t('citizen.save')}
        </button>
      </form>
      {active && (
        <OwnDevicesPanel
          csrfToken={props.csrfToken}
          citizenId={citizen.id}
          name={citizen.displayName}
          onNewCode={() => codeHeading.current?.focus()}
        />
      )}
      {active && (
        <ActivationPanel
          csrfToken={props.csrfToken}
          citizenId={citizen.id}
          name={citizen.displayName}
          headingRef={codeHeading}
        />
      )}
      {active && (
        <AutoAnswerPanel csrfToken={props.csrfToken} citizenId={citizen.id} name={citizen.displayName} />
      )}
      {active && !confirming && (
        <p>
          <button
            type="button"
            class="button button-secondary"
            onClick={() =>
              void run(async () => {
                setDone(null);
                const { devices } = await listDevices();
                setKiosks(kiosksLentTo(devices, citizen.id));
                setConfirming(true);
              })
            }
          >
            <Icon name="lock" /> {t('citizen.close', { name: citizen.displayName })}
          </button>
        </p>
      )}
      {confirming && (
        <ConfirmCloseCitizen
          name={citizen.displayName}
          kiosks={kiosks}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            void run(async () => {
              await closeCitizen(props.csrfToken, citizen.id);
              setConfirming(false);
              setActive(false);
              setDone(
                said(
                  'citizen.closed',
                  { name: citizen.displayName },
                  kioskLine(kiosks, citizen.displayName, 'after'),
                ),
              );
            })
          }
        />
      )}
      <ActionError error={error} />
      {!error && <SaidNotice said={done} />}
    </section>
  );
}

function ConfirmCloseCitizen(props: {
  name: string;
  /** The kiosks lent to the citizen now. */
  kiosks: readonly LentKiosk[];
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  const say = useSay();
  const line = kioskLine(props.kiosks, props.name);
  return (
    <ConfirmPanel
      id="confirm-citizen"
      heading={t('citizen.confirmHeading', { name: props.name })}
      yes={t('citizen.confirmYes', { name: props.name })}
      no={t('relations.confirmNo')}
      busy={props.busy}
      onCancel={props.onCancel}
      onConfirm={props.onConfirm}
    >
      <p>{t('citizen.confirmText', { name: props.name })}</p>
      {line && <p>{say(line)}</p>}
    </ConfirmPanel>
  );
}
