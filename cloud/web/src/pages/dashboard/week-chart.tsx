import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

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
export function WeekChart(props: { weeks: readonly string[]; series: readonly Series[]; summary: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
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
        scales: { x: { time: false } },
        axes: [
          {
            values: (_u, splits) => splits.map((i) => props.weeks[i]?.replace(/^\d{4}-W/, 'uge ') ?? ''),
            stroke: '#1a1a1a',
          },
          { stroke: '#1a1a1a' },
        ],
        legend: { show: true },
        series: [
          { label: 'Uge', value: (_u, i) => (i === null ? '' : (props.weeks[i] ?? '')) },
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
  }, [props.weeks, props.series]);
  return <div class="week-chart" ref={host} role="img" aria-label={props.summary} />;
}
