// Schedules as the server has them, and the words people use for them.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Page } from '../api/types';
import { intl } from '@shared/i18n/intl';

export interface Schedule {
  id: string;
  name: string;
  playlistId: string;
  deviceIds: string[];
  groupIds: string[];
  cronExpression: string;
  durationMinutes: number | null;
  timezone: string;
  priority: number;
  isActive: boolean;
  allowOverride: boolean;
  nextExecutionAt: string | null;
}

export type ScheduleInput = Omit<Schedule, 'id' | 'nextExecutionAt' | 'groupIds' | 'durationMinutes'> & {
  durationMinutes?: number;
  startDate?: string;
  endDate?: string;
};

export const schedulesKey = ['schedules'] as const;

export function useSchedules() {
  return useQuery({
    queryKey: schedulesKey,
    queryFn: ({ signal }) => api<Page<Schedule>>('/api/v1/schedules?limit=200', { signal }),
  });
}

export function useCreateSchedule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ScheduleInput) =>
      api<{ schedule: Schedule }>('/api/v1/schedules', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: schedulesKey }),
  });
}

export function useDeleteSchedule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/schedules/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: schedulesKey }),
  });
}

// The presets of the form: which days, as the cron day-of-week field.
export const dayPresets = {
  everyday: { label: 'days.everyday', short: 'days.everyday', days: '*' },
  weekdays: { label: 'days.weekdaysLong', short: 'days.weekdays', days: '1-5' },
  weekends: { label: 'days.weekends', short: 'days.weekends', days: '0,6' },
} as const;
export type DayPreset = keyof typeof dayPresets;

// "09:00" and "11:30" on weekdays → cron "0 9 * * 1-5" for 150 minutes. An end before the start
// runs past midnight.
export function cronFor(preset: DayPreset, start: string, end: string): { cron: string; minutes: number } {
  const [sh = 0, sm = 0] = start.split(':').map(Number);
  const [eh = 0, em = 0] = end.split(':').map(Number);
  let minutes = eh * 60 + em - (sh * 60 + sm);
  if (minutes <= 0) minutes += 24 * 60;
  return { cron: `${sm} ${sh} * * ${dayPresets[preset].days}`, minutes };
}

// A cron expression in words, for the common shapes; the expression itself otherwise.
export function describeSchedule(s: Pick<Schedule, 'cronExpression' | 'durationMinutes'>): string {
  const { formatMessage } = intl();
  const match = /^(\d+) (\d+) \* \* (\S+)$/.exec(s.cronExpression.trim());
  if (!match) return formatMessage({ id: 'schedule.cron' }, { cron: s.cronExpression });
  const [, minute, hour, days] = match;
  const preset = Object.values(dayPresets).find((p) => p.days === days);
  const at = (total: number) =>
    `${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  const begin = Number(hour) * 60 + Number(minute);
  const when = preset ? formatMessage({ id: preset.short }) : formatMessage({ id: 'days.cron' }, { days });
  return s.durationMinutes
    ? formatMessage({ id: 'schedule.span' }, { when, from: at(begin), until: at(begin + s.durationMinutes) })
    : formatMessage({ id: 'schedule.from' }, { when, from: at(begin) });
}
