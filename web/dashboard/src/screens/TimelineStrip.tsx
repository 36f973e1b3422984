import { useIntl } from 'react-intl';
import { segmentSourceNames, type Segment } from './devices';

const colours: Record<Segment['source'], string> = {
  instant: 'bg-rose-500',
  schedule: 'bg-indigo-500',
  default: 'bg-emerald-500',
  idle: 'bg-slate-300',
};

// The next 48 hours as one bar: a segment per change of what the screen shows, and the same as
// a list for screen readers and for reading the exact times.
export function TimelineStrip({
  segments,
  from,
  to,
  names,
}: {
  segments: Segment[];
  from: number;
  to: number;
  names: Map<string, string>;
}) {
  const span = to - from;
  const { formatMessage, formatDate } = useIntl();
  const time = (iso: string) => formatDate(iso, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  const label = (s: Segment) =>
    s.playlistId
      ? (names.get(s.playlistId) ?? formatMessage({ id: 'timeline.aPlaylist' }))
      : formatMessage({ id: 'timeline.idleScreen' });
  return (
    <div className="flex flex-col gap-3">
      <div aria-hidden="true" className="flex h-8 overflow-hidden rounded-md bg-slate-100 dark:bg-slate-800">
        {segments.map((s) => {
          const width = ((Date.parse(s.end) - Date.parse(s.start)) / span) * 100;
          return (
            <div
              key={s.start}
              title={`${label(s)}: ${time(s.start)} – ${time(s.end)}`}
              className={`${colours[s.source]} border-r border-white/60`}
              style={{ width: `${width}%` }}
            />
          );
        })}
      </div>
      <ol className="flex flex-col gap-1 text-sm">
        {segments.map((s) => (
          <li key={s.start} className="flex flex-wrap items-center gap-2">
            <span aria-hidden="true" className={`size-2.5 rounded-sm ${colours[s.source]}`} />
            <span className="text-slate-600 dark:text-slate-400">
              {time(s.start)} – {time(s.end)}
            </span>
            <span className="font-medium">{label(s)}</span>
            <span className="text-slate-600 dark:text-slate-400">
              ({formatMessage({ id: segmentSourceNames[s.source] })})
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
