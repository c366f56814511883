/** Median of each answer phase (ms after the press) across calls, in the order the phases happened. */
export function phaseMedians(phases: Record<string, number>[]): string[] {
  const names = new Set(phases.flatMap((marks) => Object.keys(marks)));
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
  };
  return [...names]
    .map((name) => {
      const values = phases.map((marks) => marks[name]).filter((v): v is number => v !== undefined);
      return { name, ms: median(values), n: values.length };
    })
    .sort((a, b) => a.ms - b.ms)
    .map(
      ({ name, ms, n }) =>
        `    ${ms.toFixed(0).padStart(5)} ms  ${name}${n < phases.length ? ` (${n} of ${phases.length})` : ''}`,
    );
}
