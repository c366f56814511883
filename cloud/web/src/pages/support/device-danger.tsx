import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { ConfirmButton } from './confirm-button.js';
import { type DeviceDetail, hold, wipe } from './devices-api.js';
import { wipeFirst } from './wipe-first.js';

export type Act = <R>(action: () => Promise<R>, say: (result: R) => string) => Promise<void>;

/**
 * Whether "Slet skærmen" has anything to erase: a box never enrolled (or wiped already) holds nothing, and the
 * cloud refuses its wipe ("never enrolled"), so the button is not offered and the page says why.
 */
export const canWipe = (d: Pick<DeviceDetail, 'holdsCredential'>): boolean => d.holdsCredential !== false;

/** "Slet skærmen": asks first, with where the kiosk goes afterwards (stock for re-enrolment, or retired). */
export function WipeButton(props: { device: DeviceDetail; busy: boolean; act: Act; token: string }) {
  const { t } = useI18n();
  const { device: d, busy, act, token } = props;
  const [afterWipe, setAfterWipe] = useState<'registered' | 'retired'>('registered');
  return (
    <ConfirmButton
      label={t('danger.wipe')}
      icon="alert"
      title={t('danger.wipeTitle', { label: d.label })}
      text={t('danger.wipeText')}
      disabled={busy}
      onConfirm={() =>
        void act(
          () => wipe(token, d.id, afterWipe),
          (outcome) => t(`danger.wiped.${outcome.status}`),
        )
      }
    >
      <fieldset class="choice">
        <legend>{t('danger.afterWipe')}</legend>
        {(['registered', 'retired'] as const).map((x) => (
          <div class="check-field" key={x}>
            <input
              type="radio"
              id={`after-${x}`}
              name="after-wipe"
              checked={afterWipe === x}
              onChange={() => setAfterWipe(x)}
            />
            <label for={`after-${x}`}>
              {t(x === 'registered' ? 'danger.afterRegistered' : 'danger.afterRetired')}
            </label>
          </div>
        ))}
      </fieldset>
    </ConfirmButton>
  );
}

/**
 * Wipe, report lost, send for repair, back in service (issue 12 §2). Each asks first and says what happens:
 * a wipe revokes the kiosk's access at once (it cannot call or be called) and erases it now or at its next start.
 */
export function DangerZone(props: { device: DeviceDetail; busy: boolean; act: Act; token: string }) {
  const { t } = useI18n();
  const { device: d, busy, act, token } = props;
  const id = d.id;
  return (
    <>
      <h3>{t('danger.heading')}</h3>
      {d.lifecycle !== 'wiping' && d.lifecycle !== 'retired' && !canWipe(d) && (
        <p>{t('danger.nothingToWipe')}</p>
      )}
      <div class="button-row">
        {/* Offered above, in the lend dialog, while the kiosk was returned and not wiped (lend-after-return.tsx). */}
        {d.lifecycle !== 'wiping' && d.lifecycle !== 'retired' && !wipeFirst(d) && canWipe(d) && (
          <WipeButton device={d} busy={busy} act={act} token={token} />
        )}
        {d.heldAs === null ? (
          <>
            <ConfirmButton
              label={t('danger.lost')}
              icon="alert"
              title={t('danger.lostTitle', { label: d.label })}
              text={t('danger.lostText')}
              disabled={busy}
              onConfirm={() =>
                void act(
                  () => hold(token, id, 'lost'),
                  () => t('danger.marked', { what: t('held.lost') }),
                )
              }
            />
            <ConfirmButton
              label={t('danger.repair')}
              icon="tag"
              title={t('danger.repairTitle', { label: d.label })}
              text={t('danger.repairText')}
              disabled={busy}
              onConfirm={() =>
                void act(
                  () => hold(token, id, 'in_repair'),
                  () => t('danger.marked', { what: t('held.in_repair') }),
                )
              }
            />
          </>
        ) : (
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() =>
              void act(
                () => hold(token, id, null),
                () => t('danger.inService'),
              )
            }
          >
            <Icon name="check" /> {t('danger.backInService')}
          </button>
        )}
      </div>
    </>
  );
}
