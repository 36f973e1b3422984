// What the signed-in person hears by mail, and the organization's offline alert threshold
// (GET /api/v1/notifications); the one-click unsubscribe a mail links to.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';

export interface NotificationSettings {
  offlineAlertMinutes: number; // 0: no offline alerts
  preferences: { offlineAlerts: boolean; weeklySummary: boolean };
}

export const notificationsKey = ['notifications'] as const;

export function useNotificationSettings() {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: ({ signal }) => api<NotificationSettings>('/api/v1/notifications', { signal }),
  });
}

export function useSetPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<NotificationSettings['preferences']>) =>
      api<NotificationSettings>('/api/v1/notifications/preferences', { method: 'PATCH', body: change }),
    onSuccess: (settings) => client.setQueryData(notificationsKey, settings),
  });
}

export function useSetOfflineAlertMinutes() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (offlineAlertMinutes: number) =>
      api<NotificationSettings>('/api/v1/notifications/organization', {
        method: 'PATCH',
        body: { offlineAlertMinutes },
      }),
    onSuccess: (settings) => client.setQueryData(notificationsKey, settings),
  });
}

export function useUnsubscribe() {
  return useMutation({
    mutationFn: (token: string) =>
      api<{ topic: string; unsubscribed: boolean }>(
        `/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`,
        { method: 'POST', body: {} },
      ),
  });
}
