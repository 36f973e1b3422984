import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: number[];
}

const palette = ['#4f46e5', '#059669', '#e11d48', '#d97706', '#0891b2', '#7c3aed', '#65a30d', '#db2777'];

// Counts per UTC day, one line per series (uPlot: small, fast, canvas), drawn in the text
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
  useEffect(() => {
    const element = box.current;
    if (!element || days.length === 0) return;
    const ink = getComputedStyle(element).color;
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
        axes: [axis, { ...axis, label: unit }],
        scales: { x: { time: true } },
      },
      [days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000), ...series.map((s) => s.values)],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: 240 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [days, series, unit]);
  return <div ref={box} role="img" aria-label={label} className="w-full" />;
}
