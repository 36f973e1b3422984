import { useMemo, useState } from 'react';
import { Alert } from '@shared/ui/Alert';
import { DailyChart } from '@shared/ui/DailyChart';
import { Loading } from '@shared/ui/Loading';
import { describeError } from '../api/http';
import { formatCount } from '../videos/format';
import { useChannelStats, type ChannelStats } from './studio';

const ranges = [7, 28, 90, 365];

// The channel's totals and how its days went: views, likes and new subscribers per day.
export function Overview() {
  const [days, setDays] = useState(28);
  const stats = useChannelStats(days);
  return (
    <section aria-labelledby="overview-heading" className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="overview-heading" className="text-2xl font-bold">
          Channel overview
        </h1>
        <label className="flex items-center gap-2 text-sm">
          Period
          <select
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            className="min-h-9 rounded-md border border-slate-300 bg-white px-2 dark:border-slate-700 dark:bg-slate-900"
          >
            {ranges.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </label>
      </div>
      {stats.isPending ? (
        <Loading label="Loading channel numbers" rows={2} />
      ) : stats.error ? (
        <Alert>{describeError(stats.error)}</Alert>
      ) : (
        <>
          <Totals stats={stats.data} />
          <Chart stats={stats.data} days={days} />
        </>
      )}
    </section>
  );
}

function Totals({ stats }: { stats: ChannelStats }) {
  const cards = [
    { label: 'Views', value: stats.totalViews },
    { label: 'Subscribers', value: stats.totalSubscribers },
    { label: 'Likes', value: stats.totalLikes },
    { label: 'Videos', value: stats.totalVideos },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {cards.map((c) => (
        <div key={c.label} className="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
          <dt className="text-sm text-slate-600 dark:text-slate-400">{c.label}</dt>
          <dd className="text-2xl font-bold" title={String(c.value)}>
            {formatCount(c.value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Chart({ stats, days }: { stats: ChannelStats; days: number }) {
  const { dates, series } = useMemo(
    () => ({
      dates: stats.daily.map((d) => d.date),
      series: [
        { label: 'Views', values: stats.daily.map((d) => d.views) },
        { label: 'Likes', values: stats.daily.map((d) => d.likes) },
        { label: 'New subscribers', values: stats.daily.map((d) => d.subscribers) },
      ],
    }),
    [stats.daily],
  );
  return (
    <div className="flex flex-col gap-3">
      <h2 className="font-semibold">Last {days} days</h2>
      <DailyChart
        days={dates}
        series={series}
        unit="Per day"
        label={`Views, likes and new subscribers per day over the last ${days} days (the table below has the numbers)`}
      />
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Numbers by day</summary>
        <table className="mt-2 w-full text-left">
          <thead className="text-slate-600 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 font-medium">
                Day
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Views
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Likes
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                New subscribers
              </th>
            </tr>
          </thead>
          <tbody>
            {[...stats.daily].reverse().map((d) => (
              <tr key={d.date} className="border-t border-slate-200 dark:border-slate-800">
                <th scope="row" className="py-1 font-normal">
                  {d.date}
                </th>
                <td className="py-1 text-right">{d.views}</td>
                <td className="py-1 text-right">{d.likes}</td>
                <td className="py-1 text-right">{d.subscribers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
