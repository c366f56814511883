import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { ActionError, Section, TextField, useAction } from './parts.js';
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
 * Units, staff membership, enrolment of citizens and call permissions. There is no staff or citizen search in
 * the API yet, so people are named by their id (from the import summary, the citizen screens or the API).
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
  const [staffId, setStaffId] = useState('');
  const [citizenId, setCitizenId] = useState('');
  const [guideId, setGuideId] = useState('');
  const [editing, setEditing] = useState<{ enrolmentId: string; citizenId: string } | null>(null);
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
            await addMember(props.csrfToken, unit.id, staffId.trim());
            setStaffId('');
            await reload();
          });
        }}
      >
        <TextField id="member-id" label={t('relations.staffId')} value={staffId} onInput={setStaffId} />
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
              {unit.enrolments.map((e) => (
                <li key={e.id}>
                  <Icon name="heart" /> {e.displayName}
                  <button
                    type="button"
                    class="button button-small button-secondary"
                    onClick={() => setEditing({ enrolmentId: e.id, citizenId: e.citizenId })}
                  >
                    {t('relations.permissions', { name: e.displayName })}
                  </button>
                  <button
                    type="button"
                    class="button button-small button-secondary"
                    aria-disabled={busy}
                    onClick={() =>
                      void run(async () => {
                        await closeEnrolment(props.csrfToken, e.id);
                        setEditing(null);
                        await reload();
                      })
                    }
                  >
                    {t('relations.close', { name: e.displayName })}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {editing && (
            <PermissionsEditor
              key={editing.enrolmentId}
              csrfToken={props.csrfToken}
              enrolmentId={editing.enrolmentId}
              citizenId={editing.citizenId}
            />
          )}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await enrol(props.csrfToken, citizenId.trim(), unit.id, guideId.trim() || null);
                setCitizenId('');
                setGuideId('');
                await reload();
              });
            }}
          >
            <TextField
              id="citizen-id"
              label={t('relations.citizenId')}
              value={citizenId}
              onInput={setCitizenId}
            />
            {unit.kind === 'home_guidance' && (
              <TextField id="guide-id" label={t('relations.guideId')} value={guideId} onInput={setGuideId} />
            )}
            <button type="submit" class="button button-secondary" aria-disabled={busy}>
              <Icon name="heart" /> {t('relations.enrol')}
            </button>
          </form>
        </>
      )}
      <ActionError error={error} />
    </div>
  );
}
