import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: number[];
}

const palette = ['#4f46e5', '#059669', '#e11d48', '#d97706', '#0891b2', '#7c3aed', '#65a30d', '#db2777'];

// Counts per day (dates as the report gives them, in its zone), one line per series (uPlot: small, fast, canvas), drawn in the text
// colour of its box so that it reads in light and dark themes. Pages show the numbers in a
// table beside it too, for screen readers and for reading exact values.
export function DailyChart({
  days,
  series,
  label,
  unit,
}: {
  days: string[]; // YYYY-MM-DD
  series: Series[];
  label: string; // what the picture shows, for screen readers
  unit: string; // the y axis
}) {
  const box = useRef<HTMLDivElement>(null);
  const { locale } = useIntl();
  useEffect(() => {
    const element = box.current;
    if (!element || days.length === 0) return;
    const ink = getComputedStyle(element).color;
    const dayLabel = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const first = xs[0]!;
    const last = xs[xs.length - 1]!;
    const axis = {
      stroke: ink,
      grid: { stroke: 'rgba(128,128,128,0.2)' },
      ticks: { stroke: 'rgba(128,128,128,0.3)' },
    };
    const chart = new uPlot(
      {
        width: element.clientWidth || 600,
        height: 240,
        series: [
          {},
          ...series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], width: 2 })),
        ],
        axes: [
          {
            ...axis,
            // Whole days only (uPlot would tick at noons too), named as the reader's language does.
            incrs: [86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 28 * 86_400],
            values: (_u: uPlot, splits: number[]) => splits.map((s) => dayLabel.format(new Date(s * 1000))),
          },
          // Counts: whole-number steps only.
          { ...axis, label: unit, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 1e5, 1e6] },
        ],
        // The axis is the days given, half a day of margin either side, whatever the values
        // (uPlot would stretch a single point over years); dates are drawn as UTC midnights and
        // read back in UTC, so no viewer's own zone shifts them by a day.
        scales: { x: { time: true, range: () => [first - 43_200, last + 43_200] } },
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        hooks: {
          // The span drawn, as uPlot settled it: the browser journeys check the axis by it.
          setScale: [
            (u, key) => {
              if (key !== 'x') return;
              element.dataset['axisFrom'] = new Date((u.scales['x']?.min ?? 0) * 1000).toISOString();
              element.dataset['axisTo'] = new Date((u.scales['x']?.max ?? 0) * 1000).toISOString();
            },
          ],
        },
      },
      [xs, ...series.map((s) => s.values)],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: 240 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [days, series, unit, locale]);
  return <div ref={box} role="img" aria-label={label} className="w-full" />;
}
