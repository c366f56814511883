import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useI18n } from '../../shared/i18n-context.js';
import { weekLabeller } from '../../shared/week-number.js';

export interface Series {
  label: string;
  values: readonly (number | null)[];
  colour: string;
  /** A target line: dashed, no points. */
  target?: boolean;
  bars?: boolean;
}

/**
 * One uPlot chart over ISO weeks. The canvas is decoration for sighted readers (role="img" with a summary);
 * the table beside it carries the same numbers for everyone (issue 13 §2, WCAG 1.1.1).
 */
export function WeekChart(props: {
  weeks: readonly string[];
  series: readonly Series[];
  summary: string;
  /** How the page labels a week (its tables' labeller), so chart and table agree on showing the year. */
  weekLabel?: (isoWeek: string) => string;
}) {
  const { t, language } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // In the page's language: the axis read "uge 46" on the English page too (colleague's walk).
    const week = props.weekLabel ?? weekLabeller(props.weeks, language);
    const el = host.current;
    if (!el) return;
    const data: uPlot.AlignedData = [
      props.weeks.map((_, i) => i),
      ...props.series.map((s) => s.values.map((v) => v ?? null)),
    ];
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const plot = new uPlot(
      {
        width: Math.max(280, Math.min(el.clientWidth || 640, 720)),
        height: 260,
        // Half a week of room at each end: the first and last week's bars were drawn half outside the plot.
        scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } },
        axes: [
          {
            // Whole weeks only (the x values are week indexes): every week, or every 2nd, 4th … when crowded.
            incrs: [1, 2, 4, 8, 13, 26, 52],
            values: (_u, splits) => splits.map((i) => week(props.weeks[i] ?? '')),
            stroke: '#1a1a1a',
          },
          { stroke: '#1a1a1a' },
        ],
        // Labels only: the live values read "--" until a pointer hovers, which looked like missing numbers to a
        // unit manager; the table under each chart carries the numbers.
        legend: { show: true, live: false },
        series: [
          { label: t('week'), value: (_u, i) => (i === null ? '' : week(props.weeks[i] ?? '')) },
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.colour,
            width: s.target ? 2 : 3,
            ...(s.target ? { dash: [8, 6], points: { show: false } } : {}),
            ...(s.bars && bars ? { paths: bars, fill: `${s.colour}cc`, points: { show: false } } : {}),
          })),
        ],
      },
      data,
      el,
    );
    return () => plot.destroy();
  }, [props.weeks, props.series, props.weekLabel, language, t]);
  return <div class="week-chart" ref={host} role="img" aria-label={props.summary} />;
}
