import { Download } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../api/http';
import {
  csvLink,
  daysOfPeriod,
  lastDays,
  useContentPerformance,
  useImpressionsPerDay,
  useUptime,
} from '../analytics/analytics';
import { useContentTitles } from '../content/content';
import { useDevices } from '../screens/devices';
import { Alert } from '@shared/ui/Alert';
import { DailyChart, type Series } from '@shared/ui/DailyChart';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

export function Analytics() {
  const [days, setDays] = useState(7);
  const range = useMemo(() => lastDays(days), [days]);
  const content = useContentPerformance(range);
  const perDay = useImpressionsPerDay(range);
  const uptime = useUptime(range);
  const devices = useDevices();
  const titles = useContentTitles((content.data ?? []).map((c) => c.contentId));
  const names = useMemo(() => new Map(devices.items.map((d) => [d.id, d.nickname])), [devices.items]);
  const chart = useMemo(() => {
    const rows = perDay.data?.items ?? [];
    const timezone = perDay.data?.timezone ?? 'UTC';
    // Every day of the period, quiet ones as zero: the axis is the period chosen.
    const dayList = daysOfPeriod(range, timezone);
    const counts = new Map(rows.map((r) => [`${r.deviceId} ${r.day}`, r.impressions]));
    const screens = [...new Set(rows.map((r) => r.deviceId))];
    const series: Series[] = screens.map((id) => ({
      label: names.get(id) ?? 'Unpaired screen',
      values: dayList.map((day) => counts.get(`${id} ${day}`) ?? 0),
    }));
    return { dayList, series, rows, timezone };
  }, [perDay.data, names, range]);
  const most = Math.max(1, ...(content.data ?? []).map((c) => c.impressions));
  const error = content.error ?? perDay.error ?? uptime.error;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Analytics</h1>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="range" className="text-sm font-medium">
            Period
          </label>
          <select
            id="range"
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
          >
            <option value={1}>Last 24 hours</option>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={90}>Last 90 days</option>
          </select>
          <a
            href={csvLink(range)}
            download
            className="inline-flex min-h-10 items-center gap-2 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-4 text-sm font-medium hover:bg-slate-50 dark:hover:bg-slate-800"
          >
            <Download aria-hidden="true" size={16} /> Export CSV
          </a>
        </div>
      </div>
      {error && <Alert>{describeError(error)}</Alert>}
      <section
        aria-labelledby="by-content"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="by-content" className="font-semibold">
          Impressions per content
        </h2>
        {content.isPending ? (
          <Loading label="Loading impressions" rows={2} />
        ) : content.data?.length ? (
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-2 font-medium">
                  Content
                </th>
                <th scope="col" className="py-2 font-medium">
                  Impressions
                </th>
                <th scope="col" className="hidden py-2 font-medium sm:table-cell">
                  Average shown
                </th>
                <th scope="col" className="hidden py-2 font-medium sm:table-cell">
                  Played to the end
                </th>
              </tr>
            </thead>
            <tbody>
              {content.data.map((c) => (
                <tr key={c.contentId} className="border-t border-slate-100 dark:border-slate-800">
                  <th scope="row" className="py-2 font-medium">
                    {titles.get(c.contentId) ?? 'Deleted content'}
                  </th>
                  <td className="py-2">
                    <div className="flex items-center gap-2">
                      <div
                        aria-hidden="true"
                        className="h-2 rounded bg-indigo-500"
                        style={{ width: `${(c.impressions / most) * 8}rem` }}
                      />
                      {c.impressions.toLocaleString()}
                    </div>
                  </td>
                  <td className="hidden py-2 sm:table-cell">{(c.avgDurationMs / 1000).toFixed(1)} s</td>
                  <td className="hidden py-2 sm:table-cell">{percent(c.completionRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <EmptyState title="No impressions in this period">
            Once a screen plays a playlist, every item it shows is counted here. Publish a playlist from the
            Playlists page, or choose a longer period above.
          </EmptyState>
        )}
      </section>
      <section
        aria-labelledby="by-screen"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="by-screen" className="font-semibold">
          Impressions per screen per day
        </h2>
        {perDay.isPending ? (
          <Loading label="Loading impressions per day" rows={2} />
        ) : chart.rows.length ? (
          <>
            <DailyChart
              days={chart.dayList}
              series={chart.series}
              label="Impressions per screen per day (the table below has the numbers)"
              unit="Impressions"
            />
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-2 font-medium">
                    Screen
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    Day ({chart.timezone})
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    Impressions
                  </th>
                </tr>
              </thead>
              <tbody>
                {chart.rows.map((r) => (
                  <tr
                    key={`${r.deviceId}-${r.day}`}
                    className="border-t border-slate-100 dark:border-slate-800"
                  >
                    <th scope="row" className="py-1 font-medium">
                      {names.get(r.deviceId) ?? 'Unpaired screen'}
                    </th>
                    <td className="py-1">{r.day}</td>
                    <td className="py-1">{r.impressions.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <EmptyState title="Nothing shown in this period">
            Screens report each item they show. Publish a playlist to a screen, or choose a longer period
            above.
          </EmptyState>
        )}
      </section>
      <section
        aria-labelledby="uptime"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="uptime" className="font-semibold">
          Uptime
        </h2>
        {uptime.isPending ? (
          <Loading label="Loading uptime" rows={2} />
        ) : uptime.data?.length ? (
          <ul className="flex flex-col gap-2">
            {uptime.data.map((u) => (
              <li key={u.deviceId} className="flex items-center gap-3 text-sm">
                <span className="w-40 truncate font-medium">{u.name}</span>
                <div aria-hidden="true" className="h-2 flex-1 overflow-hidden rounded bg-slate-200">
                  <div className="h-full bg-emerald-500" style={{ width: `${u.uptime * 100}%` }} />
                </div>
                <span className="w-16 text-right">{percent(u.uptime)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState
            title="No screens yet"
            action={
              <Link
                to="/screens"
                className="text-sm font-medium text-indigo-700 dark:text-indigo-300 underline"
              >
                Pair a screen
              </Link>
            }
          >
            Uptime shows how much of the period each screen was online. Pair a screen to see it.
          </EmptyState>
        )}
      </section>
    </div>
  );
}
