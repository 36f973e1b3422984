import { Download } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
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

export function Analytics() {
  const { formatMessage, formatNumber, formatDate } = useIntl();
  const percent = (x: number) =>
    formatNumber(x, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
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
      label: names.get(id) ?? formatMessage({ id: 'analytics.unpaired' }),
      values: dayList.map((day) => counts.get(`${id} ${day}`) ?? 0),
    }));
    return { dayList, series, rows, timezone };
  }, [perDay.data, names, range]);
  const most = Math.max(1, ...(content.data ?? []).map((c) => c.impressions));
  const error = content.error ?? perDay.error ?? uptime.error;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">
          <FormattedMessage id="analytics.title" />
        </h1>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="range" className="text-sm font-medium">
            <FormattedMessage id="analytics.period" />
          </label>
          <select
            id="range"
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
          >
            <option value={1}>{formatMessage({ id: 'analytics.last24h' })}</option>
            {[7, 30, 90].map((n) => (
              <option key={n} value={n}>
                {formatMessage({ id: 'analytics.lastDays' }, { days: n })}
              </option>
            ))}
          </select>
          <a
            href={csvLink(range)}
            download
            className="inline-flex min-h-10 items-center gap-2 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-4 text-sm font-medium hover:bg-slate-50 dark:hover:bg-slate-800"
          >
            <Download aria-hidden="true" size={16} /> <FormattedMessage id="analytics.export" />
          </a>
        </div>
      </div>
      {error && <Alert>{describeError(error)}</Alert>}
      <section
        aria-labelledby="by-content"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="by-content" className="font-semibold">
          <FormattedMessage id="analytics.byContent" />
        </h2>
        {content.isPending ? (
          <Loading label={formatMessage({ id: 'analytics.loading' })} rows={2} />
        ) : content.data?.length ? (
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-2 font-medium">
                  <FormattedMessage id="analytics.content" />
                </th>
                <th scope="col" className="py-2 font-medium">
                  <FormattedMessage id="analytics.impressions" />
                </th>
                <th scope="col" className="hidden py-2 font-medium sm:table-cell">
                  <FormattedMessage id="analytics.average" />
                </th>
                <th scope="col" className="hidden py-2 font-medium sm:table-cell">
                  <FormattedMessage id="analytics.completed" />
                </th>
              </tr>
            </thead>
            <tbody>
              {content.data.map((c) => (
                <tr key={c.contentId} className="border-t border-slate-100 dark:border-slate-800">
                  <th scope="row" className="py-2 font-medium">
                    {titles.get(c.contentId) ?? formatMessage({ id: 'analytics.deleted' })}
                  </th>
                  <td className="py-2">
                    <div className="flex items-center gap-2">
                      <div
                        aria-hidden="true"
                        className="h-2 rounded bg-indigo-500"
                        style={{ width: `${(c.impressions / most) * 8}rem` }}
                      />
                      {formatNumber(c.impressions)}
                    </div>
                  </td>
                  <td className="hidden py-2 sm:table-cell">
                    {formatNumber(c.avgDurationMs / 1000, {
                      style: 'unit',
                      unit: 'second',
                      maximumFractionDigits: 1,
                      minimumFractionDigits: 1,
                    })}
                  </td>
                  <td className="hidden py-2 sm:table-cell">{percent(c.completionRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <EmptyState title={formatMessage({ id: 'analytics.noImpressionsTitle' })}>
            <FormattedMessage id="analytics.noImpressions" />
          </EmptyState>
        )}
      </section>
      <section
        aria-labelledby="by-screen"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="by-screen" className="font-semibold">
          <FormattedMessage id="analytics.byScreen" />
        </h2>
        {perDay.isPending ? (
          <Loading label={formatMessage({ id: 'analytics.loadingPerDay' })} rows={2} />
        ) : chart.rows.length ? (
          <>
            <DailyChart
              days={chart.dayList}
              series={chart.series}
              label={formatMessage({ id: 'analytics.chartLabel' })}
              unit={formatMessage({ id: 'analytics.impressions' })}
            />
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-2 font-medium">
                    <FormattedMessage id="analytics.screen" />
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    <FormattedMessage id="analytics.day" values={{ zone: chart.timezone }} />
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    <FormattedMessage id="analytics.impressions" />
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
                      {names.get(r.deviceId) ?? formatMessage({ id: 'analytics.unpaired' })}
                    </th>
                    <td className="py-1">
                      {formatDate(Date.parse(`${r.day}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' })}
                    </td>
                    <td className="py-1">{formatNumber(r.impressions)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <EmptyState title={formatMessage({ id: 'analytics.nothingTitle' })}>
            <FormattedMessage id="analytics.nothing" />
          </EmptyState>
        )}
      </section>
      <section
        aria-labelledby="uptime"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="uptime" className="font-semibold">
          <FormattedMessage id="analytics.uptime" />
        </h2>
        {uptime.isPending ? (
          <Loading label={formatMessage({ id: 'analytics.loadingUptime' })} rows={2} />
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
            title={formatMessage({ id: 'analytics.noScreensTitle' })}
            action={
              <Link
                to="/screens"
                className="text-sm font-medium text-indigo-700 dark:text-indigo-300 underline"
              >
                <FormattedMessage id="pair.title" />
              </Link>
            }
          >
            <FormattedMessage id="analytics.noScreens" />
          </EmptyState>
        )}
      </section>
    </div>
  );
}
