import type { ComponentChildren } from 'preact';
import { useI18n } from '../../shared/i18n-context.js';
import { weekLabeller } from '../../shared/week-number.js';
import { cancelReasonLabel } from './cancel-reason.js';
import type { Dashboard } from './dashboard-api.js';
import { uptimeEmptyKey } from './kiosk-lines.js';
import { type Series, WeekChart } from './week-chart.js';

const C = {
  blue: '#0b4f8a',
  green: '#1d6b35',
  orange: '#a64b00',
  red: '#b3261e',
  grey: '#555555',
  purple: '#5b2a86',
};
const fmt = (v: number | null) => (v === null ? '–' : String(v).replace('.', ','));

/** A chart with its table beside it: the same numbers, readable without the picture. */
function ChartWithTable(props: {
  id: string;
  title: string;
  weeks: readonly string[];
  series: readonly Series[];
  summary: string;
  weekLabel: (isoWeek: string) => string;
  columns: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  return (
    <section class="panel dash-section" aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{props.title}</h2>
      <div class="chart-and-table">
        {/* The charts show whole weeks only: with none yet (the first week of uptime samples is still running)
            an empty frame with a legend read as a broken chart, so the table stands alone with a line saying why. */}
        {props.weeks.length > 0 ? (
          <WeekChart
            weeks={props.weeks}
            series={props.series}
            summary={props.summary}
            weekLabel={props.weekLabel}
          />
        ) : (
          <p>{t('chart.noWholeWeek')}</p>
        )}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls sideways (support.css); a keyboard user must be able to scroll it (WCAG 2.1.1, axe scrollable-region-focusable) */}
        <table class="data-table" data-testid={`${props.id}-table`} tabIndex={0}>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('week')}</th>
              {props.columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r, i) => (
              <tr key={String(r[0] ?? i)}>
                <th scope="row">{r[0]}</th>
                {r.slice(1).map((v, j) => (
                  <td key={j}>{typeof v === 'number' || v === null ? fmt(v) : v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.children}
    </section>
  );
}

export function DashboardSections(props: { d: Dashboard }) {
  const { t, language } = useI18n();
  const { d } = props;
  // "uge 46" / "week 46", the year too when the period spans two years: one labeller for every table and chart.
  const week = weekLabeller(
    [...d.weeks, ...d.devices.weeks, ...d.nightWatch, ...d.units].map((w) => w.isoWeek),
    language,
  );
  // The unfinished current week is left out of the charts (it would look like a drop) and marked in the tables.
  const whole = d.weeks.filter((w) => w.complete);
  const weeks = whole.map((w) => w.isoWeek);
  const col = <K extends keyof Dashboard['weeks'][number]>(k: K) => whole.map((w) => w[k] as number | null);
  const label = (w: Dashboard['weeks'][number]) =>
    w.complete ? week(w.isoWeek) : t('partial', { week: week(w.isoWeek) });
  const partial = d.weeks.some((w) => !w.complete);
  const complete = new Set(weeks);
  const uptime = d.devices.weeks.filter((w) => complete.has(w.isoWeek));
  const uptimeLabel = (isoWeek: string) =>
    complete.has(isoWeek) || !d.weeks.some((w) => w.isoWeek === isoWeek)
      ? week(isoWeek)
      : t('partial', { week: week(isoWeek) });
  const flat = (v: number) => weeks.map(() => v);
  const [t10, t15, t20] = d.targets.minutesSavedPerCitizenWeek;
  const nightWeeks = [...new Set(d.nightWatch.map((n) => n.isoWeek))].filter((w) => complete.has(w)).sort();
  const night = (k: 'answered' | 'missed' | 'escalated') =>
    nightWeeks.map((w) => d.nightWatch.filter((n) => n.isoWeek === w).reduce((a, n) => a + n[k], 0));
  return (
    <>
      <ChartWithTable
        id="active"
        title={t('active.heading')}
        weeks={weeks}
        weekLabel={week}
        summary={t('active.summary')}
        series={[
          { label: t('active.citizens'), values: col('activeCitizens'), colour: C.blue },
          { label: t('active.staff'), values: col('activeStaff'), colour: C.green },
          {
            label: t('active.targetCitizens'),
            values: flat(d.targets.activeCitizens),
            colour: C.blue,
            target: true,
          },
          {
            label: t('active.targetStaff'),
            values: flat(d.targets.activeStaff),
            colour: C.green,
            target: true,
          },
        ]}
        columns={[t('active.citizens'), t('active.staff')]}
        rows={d.weeks.map((w) => [label(w), w.activeCitizens, w.activeStaff])}
      >
        <p>{t('cards.activeNote')}</p>
        {partial && <p>{t('partial.note')}</p>}
      </ChartWithTable>
      <ChartWithTable
        id="visits"
        title={t('visits.heading')}
        weeks={weeks}
        weekLabel={week}
        summary={t('visits.summary')}
        series={[
          { label: t('visits.onScreen'), values: col('completedOnScreen'), colour: C.green, bars: true },
          { label: t('visits.planned'), values: col('planned'), colour: C.blue },
          { label: t('visits.noAnswer'), values: col('noAnswer'), colour: C.red },
          { label: t('visits.notConnected'), values: col('notConnectedCalls'), colour: C.orange },
        ]}
        columns={[
          t('visits.planned'),
          t('visits.onScreen'),
          t('visits.byPhone'),
          t('visits.onSite'),
          t('visits.noAnswer'),
          t('visits.cancelled'),
          t('visits.notRecorded'),
          t('visits.notConnected'),
        ]}
        rows={d.weeks.map((w) => [
          label(w),
          w.planned,
          w.completedOnScreen,
          w.completedByPhone,
          w.completedOnSite,
          w.noAnswer,
          w.cancelled,
          w.connectedNotRecorded,
          w.notConnectedCalls,
        ])}
      >
        <p>{t('visits.note')}</p>
        <p>{t('visits.notRecordedNote')}</p>
        {d.cancelReasons.length > 0 && (
          <>
            <h3>{t('visits.reasons')}</h3>
            <ul>
              {d.cancelReasons.map((r) => (
                <li key={r.reason}>
                  {t('visits.reasonCount', { reason: cancelReasonLabel(r.reason, language), count: r.count })}
                </li>
              ))}
            </ul>
          </>
        )}
      </ChartWithTable>
      <ChartWithTable
        id="minutes"
        title={t('minutes.heading')}
        weeks={weeks}
        weekLabel={week}
        summary={t('minutes.summary')}
        series={[
          { label: t('minutes.perCitizen'), values: col('minutesSavedPerActiveCitizen'), colour: C.purple },
          { label: t('minutes.target10'), values: flat(t10 ?? 10), colour: C.grey, target: true },
          { label: t('minutes.target15'), values: flat(t15 ?? 15), colour: C.orange, target: true },
          { label: t('minutes.target20'), values: flat(t20 ?? 20), colour: C.red, target: true },
        ]}
        columns={[t('minutes.measured'), t('minutes.saved'), t('minutes.perCitizen')]}
        rows={d.weeks.map((w) => [label(w), w.callMinutes, w.minutesSaved, w.minutesSavedPerActiveCitizen])}
      >
        <p>{t('minutes.note')}</p>
      </ChartWithTable>
      <section class="panel dash-section" aria-labelledby="media-h">
        <h2 id="media-h">{t('media.heading')}</h2>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls sideways (support.css); a keyboard user must be able to scroll it (WCAG 2.1.1, axe scrollable-region-focusable) */}
        <table class="data-table" data-testid="media-table" tabIndex={0}>
          <caption>{t('media.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('week')}</th>
              <th scope="col">{t('media.connected')}</th>
              <th scope="col">{t('media.measured')}</th>
              <th scope="col">{t('media.noMedia')}</th>
              <th scope="col">{t('media.notMeasured')}</th>
            </tr>
          </thead>
          <tbody>
            {d.weeks.map((w) => (
              <tr key={w.isoWeek}>
                <th scope="row">{label(w)}</th>
                <td>{w.media.connected}</td>
                <td>{w.media.measured}</td>
                <td>{w.media.noMedia}</td>
                <td>{w.media.notMeasured}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{t('media.note')}</p>
      </section>
      {d.devices.weeks.length === 0 ? (
        <section class="panel dash-section" aria-labelledby="uptime-h">
          <h2 id="uptime-h">{t('uptime.heading')}</h2>
          <p>{t(uptimeEmptyKey(d.devices))}</p>
        </section>
      ) : (
        <ChartWithTable
          id="uptime"
          title={t('uptime.heading')}
          weeks={uptime.map((w) => w.isoWeek)}
          weekLabel={week}
          summary={t('uptime.summary')}
          series={[{ label: t('uptime.share'), values: uptime.map((w) => w.sharePercent), colour: C.blue }]}
          columns={[t('uptime.share'), t('uptime.samples'), t('uptime.online')]}
          rows={d.devices.weeks.map((w) => [uptimeLabel(w.isoWeek), w.sharePercent, w.samples, w.online])}
        >
          <p>{t('uptime.note')}</p>
        </ChartWithTable>
      )}
      {d.nightWatch.length === 0 ? (
        <section class="panel dash-section" aria-labelledby="night-h">
          <h2 id="night-h">{t('night.heading')}</h2>
          <p>{t('night.none')}</p>
        </section>
      ) : (
        <ChartWithTable
          id="night"
          title={t('night.heading')}
          weeks={nightWeeks}
          weekLabel={week}
          summary={t('night.summary')}
          series={[
            { label: t('night.answered'), values: night('answered'), colour: C.green, bars: true },
            { label: t('night.missed'), values: night('missed'), colour: C.red },
            { label: t('night.escalated'), values: night('escalated'), colour: C.orange },
          ]}
          columns={[
            t('night.pool'),
            t('night.placed'),
            t('night.answered'),
            t('night.avg'),
            t('night.max'),
            t('night.missed'),
            t('night.escalated'),
          ]}
          rows={d.nightWatch.map((n) => [
            complete.has(n.isoWeek) ? week(n.isoWeek) : t('partial', { week: week(n.isoWeek) }),
            n.poolName,
            n.placed,
            n.answered,
            n.averageSecondsToAnswer,
            n.maxSecondsToAnswer,
            n.missed,
            n.escalated,
          ])}
        />
      )}
      <section class="panel dash-section" aria-labelledby="units-h">
        <h2 id="units-h">{t('units.heading')}</h2>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls sideways (support.css); a keyboard user must be able to scroll it (WCAG 2.1.1, axe scrollable-region-focusable) */}
        <table class="data-table" data-testid="units-table" tabIndex={0}>
          <caption>{t('units.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('units.unit')}</th>
              <th scope="col">{t('week')}</th>
              <th scope="col">{t('active.citizens')}</th>
              <th scope="col">{t('active.staff')}</th>
              <th scope="col">{t('visits.planned')}</th>
              <th scope="col">{t('visits.onScreen')}</th>
              <th scope="col">{t('visits.noAnswer')}</th>
              <th scope="col">{t('minutes.measured')}</th>
              <th scope="col">{t('minutes.saved')}</th>
            </tr>
          </thead>
          <tbody>
            {d.units.map((u) => (
              <tr key={`${u.unitId}-${u.isoWeek}`}>
                <th scope="row">{u.unitName}</th>
                <td>{week(u.isoWeek)}</td>
                <td>{u.activeCitizens}</td>
                <td>{u.activeStaff}</td>
                <td>{u.planned}</td>
                <td>{u.completedOnScreen}</td>
                <td>{u.noAnswer}</td>
                <td>{fmt(Math.round(u.totalCallSeconds / 6) / 10)}</td>
                <td>{u.estimatedMinutesSaved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
