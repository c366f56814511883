import { useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { PlanningSection } from '../support/planning-section.js';
import { listUnits, type Unit } from '../support/support-api.js';

/**
 * Planning from the day plan (issue 12 §6: "per staff member or team"). The same screen as support's, opened on
 * request; the cloud decides what may be planned (care/day-plan/actions.ts `mayPlan`): a member plans visits
 * for themself or for their whole unit, a manager for the units they manage. Only the caller's own units are
 * offered, so the form does not suggest what the cloud would refuse.
 */
export function OwnPlanning(props: { csrfToken: string }) {
  const { t } = useI18n();
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = () => {
    setError(null);
    listUnits().then(
      (all) => setUnits(all.filter((u) => u.member)),
      (e: unknown) => setError(errorMessage(e, t)),
    );
  };
  if (units) return <PlanningSection csrfToken={props.csrfToken} units={units} />;
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
