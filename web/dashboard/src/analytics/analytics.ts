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
  day: string; // YYYY-MM-DD (UTC)
  impressions: number;
  shownMs: number;
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
  useReport<DeviceDay>('days', '/api/v1/analytics/devices/impressions', r);
export const useUptime = (r: Range) => useReport<Uptime>('uptime', '/api/v1/analytics/devices/uptime', r);

export const csvLink = (r: Range) => `/api/v1/analytics/impressions.csv?${query(r)}`;
