import { FormattedMessage, useIntl } from 'react-intl';
import { segmentSourceNames, type Segment } from '../screens/devices';

const colours: Record<Segment['source'], string> = {
  instant: 'bg-rose-500',
  schedule: 'bg-indigo-500',
  default: 'bg-emerald-500',
  idle: 'bg-slate-200',
};
// The legend names an idle stretch shorter than the list below the strip does.
const legend = { ...segmentSourceNames, idle: 'week.idle' } as const;
const day = 86_400_000;

// Seven days from `from` (local midnight), one row each, 24 hours wide: what the screen shows.
export function WeekCalendar({
  segments,
  from,
  names,
}: {
  segments: Segment[];
  from: number;
  names: Map<string, string>;
}) {
  const rows = Array.from({ length: 7 }, (_, i) => from + i * day);
  const { formatMessage, formatDate, formatTime } = useIntl();
  return (
    <div className="flex flex-col gap-1">
      <ul
        aria-label={formatMessage({ id: 'week.legend' })}
        className="mb-2 flex flex-wrap gap-4 text-xs text-slate-700 dark:text-slate-300"
      >
        {(Object.keys(colours) as Segment['source'][]).map((source) => (
          <li key={source} className="flex items-center gap-1">
            <span aria-hidden="true" className={`size-2.5 rounded-sm ${colours[source]}`} />
            {formatMessage({ id: legend[source] })}
          </li>
        ))}
      </ul>
      <div aria-hidden="true" className="ml-24 flex text-xs text-slate-500 dark:text-slate-400">
        {[0, 6, 12, 18].map((h) => (
          <span key={h} className="flex-1">
            {formatTime(Date.UTC(2000, 0, 1, h), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' })}
          </span>
        ))}
      </div>
      {rows.map((start) => {
        const end = start + day;
        const inDay = segments.filter((s) => Date.parse(s.end) > start && Date.parse(s.start) < end);
        const label = formatDate(start, {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
        });
        return (
          <div key={start} className="flex items-center gap-2">
            <span className="w-24 shrink-0 text-xs text-slate-600 dark:text-slate-400">{label}</span>
            <div className="relative h-6 flex-1 overflow-hidden rounded bg-slate-100 dark:bg-slate-800">
              {inDay.map((s) => {
                const a = Math.max(Date.parse(s.start), start);
                const b = Math.min(Date.parse(s.end), end);
                const name = s.playlistId
                  ? (names.get(s.playlistId) ?? formatMessage({ id: 'timeline.aPlaylist' }))
                  : formatMessage({ id: 'week.idleShort' });
                return (
                  <div
                    key={s.start}
                    title={`${name} ${formatTime(a)}–${formatTime(b)}`}
                    className={`absolute inset-y-0 ${colours[s.source]}`}
                    style={{ left: `${((a - start) / day) * 100}%`, width: `${((b - a) / day) * 100}%` }}
                  >
                    <span className="sr-only">
                      <FormattedMessage
                        id="week.span"
                        values={{ day: label, name, from: formatTime(a), until: formatTime(b) }}
                      />
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
