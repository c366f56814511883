import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { type Said, said } from '../../shared/said.js';
import { useSay } from '../../shared/said-notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { decideLine, fetchReviews, type Review, type ReviewLine } from './manager-api.js';

/**
 * The unit manager's access review (issue 13 §4): one screen, every line of the unit with "Bekræft" and "Fjern",
 * the deadline in plain sight. Support sees the same status per unit without the buttons.
 */
export function ReviewView(props: { csrfToken: string }) {
  const { t } = useI18n();
  const municipal = useMunicipalTime();
  const localDate = (iso: string) => municipal(iso, { dateStyle: 'long' });
  const [reviews, setReviews] = useState<Review[] | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  /** The answer to the last decision, translated as it is shown (shared/said.ts), so it follows a change of language. */
  const [answer, setAnswer] = useState<Said | null>(null);
  const say = useSay();
  const load = () => fetchReviews().then(setReviews, setError);
  useEffect(() => void load(), []);
  const decide = (line: ReviewLine, decision: 'confirmed' | 'removed') => {
    setError(undefined);
    decideLine(props.csrfToken, line.id, decision)
      .then(() => {
        setAnswer(said('review.saved', { name: line.name, decision: { said: said(`review.${decision}`) } }));
        return load();
      })
      .catch(setError);
  };
  return (
    <>
      <p>{t('review.intro')}</p>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <p role="status" class="visually-hidden">
        {answer && say(answer)}
      </p>
      {!reviews && error === undefined && <p role="status">{t('loading')}</p>}
      {reviews?.length === 0 && <p>{t('review.none')}</p>}
      {reviews?.map((r) => (
        <section class="panel dash-section" aria-labelledby={`rv-${r.id}`} key={r.id}>
          <h2 id={`rv-${r.id}`}>{t('review.unit', { unit: r.unitName })}</h2>
          <p class="deadline">
            <Icon name="clock" />{' '}
            {r.closedAt
              ? t('review.closed', { date: localDate(r.closedAt) })
              : t('review.deadline', { date: localDate(r.deadline) })}
          </p>
          <p>{t('review.status', r.counts)}</p>
          {!r.mayDecide && !r.closedAt && <p>{t('review.readOnly')}</p>}
          <table class="data-table">
            <caption>{t('review.caption', { unit: r.unitName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('review.name')}</th>
                <th scope="col">{t('review.kind')}</th>
                <th scope="col">{t('review.detail')}</th>
                <th scope="col">{t('review.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {r.lines.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{l.name}</th>
                  <td>{t(`review.kind.${l.kind}`)}</td>
                  <td>{l.kind === 'membership' ? t(`role.${l.detail}`) : l.detail}</td>
                  <td>
                    {l.decision ? (
                      t(l.automatic ? 'review.removedAuto' : `review.${l.decision}`)
                    ) : r.mayDecide ? (
                      <span class="actions">
                        <button
                          type="button"
                          class="button button-small"
                          aria-label={t('review.confirm', { name: l.name })}
                          onClick={() => decide(l, 'confirmed')}
                        >
                          <Icon name="check" /> {t('review.confirmShort')}
                        </button>
                        <button
                          type="button"
                          class="button button-small button-secondary"
                          aria-label={t('review.remove', { name: l.name })}
                          onClick={() => decide(l, 'removed')}
                        >
                          {t('review.removeShort')}
                        </button>
                      </span>
                    ) : (
                      t('review.undecided')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
