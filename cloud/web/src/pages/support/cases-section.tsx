import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { failureText } from './action-failure.js';
import { Section } from './parts.js';

/** GET /api/service-cases (cloud/src/service-case/routes.ts): only what this view shows. */
const Stage = z.enum(['referred', 'assessed', 'assigned', 'installed', 'following_up', 'ended']);
const Overdue = z.enum(['evaluation_due', 'device_not_collected']);
const Cases = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      citizenName: z.string(),
      stage: Stage,
      unitName: z.nullable(z.string()),
      deviceChoice: z.nullable(z.enum(['loan_kiosk', 'own_device'])),
      deviceLabel: z.nullable(z.string()),
      nextEvaluationAt: z.nullable(z.string()),
      overdue: z.array(Overdue),
    }),
  ),
  followUp: z.object({ collectWithinDays: z.number() }),
});
type Cases = z.infer<typeof Cases>;
const fetchCases = (signal: AbortSignal) =>
  apiFetch('/api/service-cases', { signal, parse: (j) => Cases.parse(j) });

/**
 * Every citizen's service-case stage and what is overdue (issue 13 §3: "the support console shows each
 * citizen's stage and what is overdue"), overdue first. Read-only: the cases are moved on in /dashboard/.
 */
export function CasesSection() {
  const { t } = useI18n();
  const [data, setData] = useState<Cases | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    fetchCases(abort.signal).then(setData, (e: unknown) => abort.signal.aborted || setError(e));
    return () => abort.abort();
  }, []);
  const municipal = useMunicipalTime();
  const date = (iso: string) => municipal(iso, { dateStyle: 'long' });
  const overdueCount = data?.cases.filter((c) => c.overdue.length > 0).length ?? 0;
  const shown = (data?.cases ?? [])
    .filter((c) => !onlyOverdue || c.overdue.length > 0)
    .sort(
      (a, b) =>
        Number(b.overdue.length > 0) - Number(a.overdue.length > 0) ||
        a.citizenName.localeCompare(b.citizenName, 'da'),
    );
  return (
    <Section id="cases" icon="check" title={t('cases.heading')}>
      <p>{t('cases.intro')}</p>
      <p>
        <a href="/dashboard/?vis=forloeb">
          <Icon name="arrowRight" /> {t('cases.manage')}
        </a>
      </p>
      {error !== undefined && <Notice kind="error">{failureText(error, t)}</Notice>}
      {!data && error === undefined && <p role="status">{t('loading')}</p>}
      {data && (
        <>
          <p role="status" data-testid="cases-summary">
            {overdueCount === 0 ? t('cases.summary.none') : t('cases.summary', { count: overdueCount })}
          </p>
          <div class="check-field">
            <input
              type="checkbox"
              id="cases-only-overdue"
              checked={onlyOverdue}
              onChange={(e) => setOnlyOverdue(e.currentTarget.checked)}
            />
            <label for="cases-only-overdue">{t('cases.onlyOverdue')}</label>
          </div>
          {shown.length === 0 ? (
            <p>{onlyOverdue ? t('cases.emptyOverdue') : t('cases.empty')}</p>
          ) : (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls sideways (support.css); a keyboard user must be able to scroll it (WCAG 2.1.1, axe scrollable-region-focusable)
            <table class="data-table" data-testid="support-cases" tabIndex={0}>
              <caption>{t('cases.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.col.citizen')}</th>
                  <th scope="col">{t('cases.col.stage')}</th>
                  <th scope="col">{t('cases.col.unit')}</th>
                  <th scope="col">{t('cases.col.device')}</th>
                  <th scope="col">{t('cases.col.next')}</th>
                  <th scope="col">{t('cases.col.overdue')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => (
                  <tr key={c.id} class={c.overdue.length > 0 ? 'overdue' : undefined}>
                    <th scope="row">{c.citizenName}</th>
                    <td>{t(`cases.stage.${c.stage}`)}</td>
                    <td>{c.unitName ?? '–'}</td>
                    <td>
                      {c.deviceChoice ? t(`cases.device.${c.deviceChoice}`) : '–'}
                      {c.deviceLabel ? ` ${c.deviceLabel}` : ''}
                    </td>
                    <td>{c.nextEvaluationAt ? date(c.nextEvaluationAt) : '–'}</td>
                    <td>
                      {c.overdue.length === 0
                        ? '–'
                        : c.overdue.map((f) => (
                            <span key={f} class="overdue-flag">
                              <Icon name="alert" />{' '}
                              {t(`cases.flag.${f}`, { days: data.followUp.collectWithinDays })}
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Section>
  );
}
