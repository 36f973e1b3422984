// The reports of API.md "Analytics and audit", for a range of days up to now.

import { useQuery } from '@tanstack/react-query';
import { api } from '../api/http';

export interface Range {
  from: string;
  to: string;
}

export function lastDays(days: number, now = Date.now()): Range {
  return { from: new Date(now - days * 86_400_000).toISOString(), to: new Date(now).toISOString() };
}

const query = (r: Range) => `from=${encodeURIComponent(r.from)}&to=${encodeURIComponent(r.to)}`;

export interface ContentPerformance {
  contentId: string;
  impressions: number;
  avgDurationMs: number;
  completionRate: number;
}
export interface DeviceDay {
  deviceId: string;
  day: string; // YYYY-MM-DD in the report's time zone
  impressions: number;
  shownMs: number;
}

// The per-day report: its days are those of `timezone` (the organization's).
export interface DailyReport {
  timezone: string;
  items: DeviceDay[];
}

// "2026-12-07": the calendar date at `at` on the clocks of `timeZone`.
export function dateIn(timeZone: string, at: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

// Every date the range touches in `timeZone`, oldest first: the chart's axis spans the whole
// period whatever the data, so one busy day does not stretch into a misleading scale.
export function daysOfPeriod(range: Range, timeZone: string): string[] {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const days = new Set<string>();
  // Hourly steps: no day lasts less than 23 hours, so none is skipped.
  for (let at = from; at < to; at += 3_600_000) days.add(dateIn(timeZone, at));
  days.add(dateIn(timeZone, Math.max(from, to - 1)));
  return [...days];
}
export interface Uptime {
  deviceId: string;
  name: string;
  uptime: number;
  onlineMs: number;
  heartbeats: number;
}

function useReport<T>(name: string, path: string, range: Range) {
  return useQuery({
    queryKey: ['analytics', name, range.from, range.to],
    queryFn: ({ signal }) => api<{ items: T[] }>(`${path}?${query(range)}`, { signal }).then((r) => r.items),
  });
}

export const useContentPerformance = (r: Range) =>
  useReport<ContentPerformance>('content', '/api/v1/analytics/content-performance', r);
export const useImpressionsPerDay = (r: Range) =>
  useQuery({
    queryKey: ['analytics', 'days', r.from, r.to],
    queryFn: ({ signal }) =>
      api<DailyReport>(`/api/v1/analytics/devices/impressions?${query(r)}`, { signal }),
  });
export const useUptime = (r: Range) => useReport<Uptime>('uptime', '/api/v1/analytics/devices/uptime', r);

export const csvLink = (r: Range) => `/api/v1/analytics/impressions.csv?${query(r)}`;
