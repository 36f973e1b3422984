import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: number[];
}

const palette = ['#4f46e5', '#059669', '#e11d48', '#d97706', '#0891b2', '#7c3aed', '#65a30d', '#db2777'];

// Impressions per day, one line per screen (uPlot: small, fast, canvas). The numbers are also
// in the table beside it, for screen readers and for reading exact values.
export function DailyChart({ days, series, label }: { days: string[]; series: Series[]; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || days.length === 0) return;
    const chart = new uPlot(
      {
        width: element.clientWidth || 600,
        height: 240,
        series: [
          {},
          ...series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], width: 2 })),
        ],
        axes: [{}, { label: 'Impressions' }],
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
  }, [days, series]);
  return <div ref={box} role="img" aria-label={label} className="w-full" />;
}
