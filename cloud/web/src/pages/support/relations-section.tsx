import { useEffect, useState } from 'preact/hooks';
import { Combobox, type ComboHit } from '../../shared/combobox.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { citizenSearch, staffSearch } from '../../shared/people-api.js';
import { type Said, said } from '../../shared/said.js';
import { SaidNotice } from '../../shared/said-notice.js';
import { ConfirmPanel } from './confirm-panel.js';
import { ActionError, Section, TextField, UserMessage, useAction } from './parts.js';
import { PermissionsEditor } from './permissions-editor.js';
import {
  addMember,
  closeEnrolment,
  createUnit,
  enrol,
  removeMember,
  UNIT_KINDS,
  type Unit,
  type UnitDetails,
  unitDetails,
} from './support-api.js';

/**
 * Units, staff membership, enrolment of citizens and call permissions. People are chosen by name (the people
 * search, GET /api/people/*), never by typing an id.
 */
export function RelationsSection(props: {
  csrfToken: string;
  units: readonly Unit[];
  onUnitsChanged: () => void;
}) {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState(props.units[0]?.id ?? '');
  const [kind, setKind] = useState<string>(UNIT_KINDS[0]);
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const unit = await createUnit(props.csrfToken, kind, name.trim());
      setName('');
      setUnitId(unit.id);
      props.onUnitsChanged();
    });
  };
  return (
    <Section id="relations" icon="users" title={t('relations.heading')}>
      <form onSubmit={create} aria-labelledby="new-unit-heading">
        <h3 id="new-unit-heading">{t('relations.newUnit')}</h3>
        <div class="field-row">
          <div class="field">
            <label for="unit-kind">{t('relations.kind')}</label>
            <select id="unit-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
              {UNIT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <TextField id="unit-name" label={t('relations.name')} value={name} onInput={setName} />
        </div>
        <button type="submit" class="button" aria-disabled={busy}>
          <Icon name="check" /> {t('relations.create')}
        </button>
        <ActionError error={error} />
      </form>
      {props.units.length > 0 && (
        <div class="field">
          <label for="unit-select">{t('relations.choose')}</label>
          <select id="unit-select" value={unitId} onChange={(e) => setUnitId(e.currentTarget.value)}>
            {props.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({t(`kind.${u.kind}`)})
              </option>
            ))}
          </select>
        </div>
      )}
      {unitId && <UnitView key={unitId} csrfToken={props.csrfToken} unitId={unitId} />}
    </Section>
  );
}

function UnitView(props: { csrfToken: string; unitId: string }) {
  const { t } = useI18n();
  const [unit, setUnit] = useState<UnitDetails | null>(null);
  const [staff, setStaff] = useState<ComboHit | null>(null);
  const [citizen, setCitizen] = useState<ComboHit | null>(null);
  const [guide, setGuide] = useState<ComboHit | null>(null);
  const [editing, setEditing] = useState<{ enrolmentId: string; citizenId: string; name: string } | null>(
    null,
  );
  const [closing, setClosing] = useState<{ id: string; name: string } | null>(null);
  /** The answer to the last change, translated as it is shown (shared/said.ts), so it follows a change of language. */
  const [done, setDone] = useState<Said | null>(null);
  const { busy, error, run } = useAction();
  const reload = async () => setUnit(await unitDetails(props.unitId));
  useEffect(() => {
    void run(reload);
  }, [props.unitId]);
  if (!unit) return error ? <ActionError error={error} /> : <p role="status">{t('loading')}</p>;
  const enrolable = unit.kind !== 'night_watch_pool';
  return (
    <div data-testid="unit-view">
      <h3>{t('relations.members', { name: unit.name })}</h3>
      {unit.members.length === 0 ? (
        <p>{t('relations.noMembers')}</p>
      ) : (
        <ul class="people">
          {unit.members.map((m) => (
            <li key={m.staffId}>
              <Icon name="user" /> {m.displayName} <span class="muted-inline">({m.username})</span>
              <button
                type="button"
                class="button button-small button-secondary"
                aria-disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await removeMember(props.csrfToken, unit.id, m.staffId);
                    await reload();
                  })
                }
              >
                {t('relations.remove', { name: m.displayName })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            if (!staff) throw new UserMessage('relations.chooseStaff');
            await addMember(props.csrfToken, unit.id, staff.id);
            setDone(said('relations.added', { name: staff.label, unit: unit.name }));
            setStaff(null);
            await reload();
          });
        }}
      >
        <Combobox
          id="member-person"
          label={t('relations.staffPerson')}
          value={staff}
          onChange={setStaff}
          search={staffSearch(t)}
          required
        />
        <button type="submit" class="button button-secondary" aria-disabled={busy}>
          <Icon name="users" /> {t('relations.addMember')}
        </button>
      </form>
      {enrolable && (
        <>
          <h3>{t('relations.citizens')}</h3>
          {unit.enrolments.length === 0 ? (
            <p>{t('relations.noCitizens')}</p>
          ) : (
            <ul class="people">
              {unit.enrolments.map((e) => {
                // Two enrolled namesakes (same unit, so the unit cannot tell them apart): the ref does, here and
                // in the buttons' names, as on the citizen card.
                const twin = unit.enrolments.some((o) => o.id !== e.id && o.displayName === e.displayName);
                const name = twin ? `${e.displayName} (${t('combo.ref', { ref: e.ref })})` : e.displayName;
                return (
                  <li key={e.id}>
                    <Icon name="heart" /> {name}
                    <button
                      type="button"
                      class="button button-small button-secondary"
                      onClick={() => setEditing({ enrolmentId: e.id, citizenId: e.citizenId, name })}
                    >
                      {t('relations.permissions', { name })}
                    </button>
                    <button
                      type="button"
                      class="button button-small button-secondary"
                      aria-disabled={busy}
                      onClick={() => {
                        setDone(null);
                        setClosing({ id: e.id, name });
                      }}
                    >
                      {t('relations.close', { name })}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {closing && (
            <ConfirmClose
              name={closing.name}
              unitName={unit.name}
              busy={busy}
              onCancel={() => setClosing(null)}
              onConfirm={() =>
                void run(async () => {
                  await closeEnrolment(props.csrfToken, closing.id);
                  setEditing(null);
                  setClosing(null);
                  setDone(said('relations.closed', { name: closing.name, unit: unit.name }));
                  await reload();
                })
              }
            />
          )}
          {editing && (
            <PermissionsEditor
              key={editing.enrolmentId}
              csrfToken={props.csrfToken}
              enrolmentId={editing.enrolmentId}
              citizenId={editing.citizenId}
              name={editing.name}
            />
          )}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                if (!citizen) throw new UserMessage('relations.chooseCitizen');
                await enrol(props.csrfToken, citizen.id, unit.id, guide?.id ?? null);
                setDone(said('relations.enrolled', { name: citizen.label, unit: unit.name }));
                setCitizen(null);
                setGuide(null);
                await reload();
              });
            }}
          >
            <Combobox
              id="enrol-citizen"
              label={t('relations.citizenPerson')}
              value={citizen}
              onChange={setCitizen}
              search={citizenSearch(t)}
              required
            />
            {unit.kind === 'home_guidance' && (
              <Combobox
                id="enrol-guide"
                label={t('relations.guidePerson')}
                value={guide}
                onChange={setGuide}
                search={staffSearch(t)}
              />
            )}
            <button type="submit" class="button button-secondary" aria-disabled={busy}>
              <Icon name="heart" /> {t('relations.enrol')}
            </button>
          </form>
        </>
      )}
      <ActionError error={error} />
      {!error && <SaidNotice said={done} />}
    </div>
  );
}

/** Ending a care relation cannot be undone from here: say what happens, and ask first. */
function ConfirmClose(props: {
  name: string;
  unitName: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  return (
    <ConfirmPanel
      id="confirm-close"
      heading={t('relations.confirmHeading', { name: props.name })}
      yes={t('relations.confirmYes', { name: props.name })}
      no={t('relations.confirmNo')}
      busy={props.busy}
      onCancel={props.onCancel}
      onConfirm={props.onConfirm}
    >
      <p>{t('relations.confirmText', { name: props.name, unit: props.unitName })}</p>
    </ConfirmPanel>
  );
}
