import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { rowsWithErrors } from './import-rows.js';
import { ActionError, Section, useAction } from './parts.js';
import { type ImportJob, importJob, startImport } from './support-api.js';

export const IMPORT_POLL_MS = 250;
const EXAMPLE =
  'kind,username,display_name,initials,role,unit,ref,citizen,guide\nstaff,anna.berg,Anna Berg,,staff,Team Nord,,,';

/**
 * Bulk import (issue 4 §6): the server checks every row as a job; we poll it for the progress bar. A dry run
 * lists the errors per row and writes nothing; a real import writes nothing either when any row fails.
 */
export function ImportSection(props: { csrfToken: string }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [job, setJob] = useState<ImportJob | null>(null);
  const { busy, error, run } = useAction();
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const go = (dryRun: boolean) =>
    run(async () => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setJob(null);
      let current = await startImport(props.csrfToken, text, dryRun);
      setJob(current);
      while (current.phase === 'validating' || current.phase === 'writing') {
        await new Promise((r) => setTimeout(r, IMPORT_POLL_MS));
        if (controller.signal.aborted) return;
        current = await importJob(current.id, controller.signal);
        setJob(current);
      }
    });

  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  const running = job && (job.phase === 'validating' || job.phase === 'writing');
  return (
    <Section id="import" icon="users" title={t('import.heading')}>
      <p>{t('import.intro')}</p>
      <p class="hint">{t('import.columns')}</p>
      <div class="field">
        <label for="import-file">
          <Icon name="book" /> {t('import.file')}
        </label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => void readFile(e.currentTarget.files?.[0])}
        />
      </div>
      <div class="field">
        <label for="import-text">{t('import.text')}</label>
        <textarea
          id="import-text"
          rows={8}
          spellcheck={false}
          placeholder={EXAMPLE}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <button
          type="button"
          class="button button-secondary"
          aria-disabled={busy}
          onClick={() => void go(true)}
        >
          <Icon name="check" /> {t('import.dryRun')}
        </button>
        <button type="button" class="button" aria-disabled={busy} onClick={() => void go(false)}>
          <Icon name="arrowRight" /> {t('import.run')}
        </button>
      </div>
      <ActionError error={error} />
      {/* The progress line is there only while the job runs; the outcome stays, in a live region that is always
          mounted so a screen reader hears it (issue 12: the line used to stay after the import ended). */}
      <div class="import-progress">
        {job && running && (
          <>
            <label for="import-bar">
              {t(job.phase === 'writing' ? 'import.writing' : 'import.checking', {
                done: job.processed,
                total: job.total,
              })}
            </label>
            <progress id="import-bar" max={job.total} value={job.processed} />
          </>
        )}
        <p role="status" data-testid="import-status">
          {job && (job.phase === 'done' || job.phase === 'failed') ? outcome(job, t) : ''}
        </p>
      </div>
      {job && job.errors.length > 0 && (
        <table class="data-table" data-testid="import-errors">
          <caption>{t('import.errorsCaption', { count: rowsWithErrors(job.errors) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.line')}</th>
              <th scope="col">{t('import.column')}</th>
              <th scope="col">{t('import.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {job.errors.map((e) => (
              <tr key={`${e.line}-${e.column}`}>
                <td>{e.line}</td>
                <td>{e.column}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {job?.phase === 'failed' && <Notice kind="error">{job.failure ?? t('import.failed')}</Notice>}
    </Section>
  );
}

function outcome(job: ImportJob, t: (k: string, v?: Record<string, string | number>) => string): string {
  if (job.phase === 'failed') return t('import.failed');
  if (job.errors.length > 0) return t('import.nothingWritten', { count: rowsWithErrors(job.errors) });
  if (job.dryRun) return t('import.dryRunOk', { count: job.total });
  const s = job.summary ?? { staff: 0, citizens: 0, enrolments: 0 };
  return t('import.done', {
    staff: t('count.staff', { count: s.staff }),
    citizens: t('count.citizens', { count: s.citizens }),
    enrolments: t('count.enrolments', { count: s.enrolments }),
  });
}
