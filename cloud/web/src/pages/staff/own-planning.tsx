import { useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import type { Unit } from '../support/support-api.js';

/** Loaded when opened: the staff page stays light for the many who never plan (the call desk comes first). */
type Planning = typeof import('../support/planning-section.js')['PlanningSection'];

/**
 * Planning from the day plan (issue 12 §6: "per staff member or team"). The same screen as support's, opened on
 * request; the cloud decides what may be planned (care/day-plan/actions.ts `mayPlan`): a member plans visits
 * for themself or for their whole unit, a manager for the units they manage. Only the caller's own units are
 * offered, so the form does not suggest what the cloud would refuse.
 */
export function OwnPlanning(props: { csrfToken: string; onChanged?: () => void }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState<{ Section: Planning; units: Unit[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = () => {
    setError(null);
    Promise.all([import('../support/planning-section.js'), import('../support/support-api.js')])
      .then(async ([planning, api]) => {
        const all = await api.listUnits();
        setOpened({ Section: planning.PlanningSection, units: all.filter((u) => u.member) });
      })
      .catch((e: unknown) => setError(errorMessage(e, t)));
  };
  if (opened)
    return (
      <opened.Section
        csrfToken={props.csrfToken}
        units={opened.units}
        {...(props.onChanged ? { onChanged: props.onChanged } : {})}
      />
    );
  return (
    <section class="panel" aria-labelledby="own-planning-heading">
      <h2 id="own-planning-heading">
        <Icon name="clock" /> {t('ownPlan.heading')}
      </h2>
      <p class="hint">{t('ownPlan.intro')}</p>
      <button type="button" class="button button-secondary" onClick={open}>
        <Icon name="clock" /> {t('ownPlan.open')}
      </button>
      {error && (
        <Notice kind="error">
          <p>{error}</p>
        </Notice>
      )}
    </section>
  );
}
