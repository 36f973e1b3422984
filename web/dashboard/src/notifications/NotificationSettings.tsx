import { describeError } from '../api/http';
import { useNotificationSettings, useSetOfflineAlertMinutes, useSetPreferences } from './notifications';
import { Alert } from '@shared/ui/Alert';
import { Loading } from '@shared/ui/Loading';

const thresholds = [
  { minutes: 5, label: 'after 5 minutes' },
  { minutes: 15, label: 'after 15 minutes' },
  { minutes: 30, label: 'after 30 minutes' },
  { minutes: 60, label: 'after an hour' },
  { minutes: 240, label: 'after 4 hours' },
  { minutes: 0, label: 'never' },
];

// The Team page's "Email notifications": each person's own choices, and (admins) when a dark
// screen is reported to the organization's admins and managers.
export function NotificationSettings({ isAdmin }: { isAdmin: boolean }) {
  const settings = useNotificationSettings();
  const setPreferences = useSetPreferences();
  const setMinutes = useSetOfflineAlertMinutes();
  const error = settings.error ?? setPreferences.error ?? setMinutes.error;
  if (settings.isPending) return <Loading label="Loading notification settings" rows={2} />;
  const data = settings.data;
  const known = thresholds.some((t) => t.minutes === data?.offlineAlertMinutes);
  return (
    <div className="flex flex-col gap-3 text-sm">
      {error && <Alert>{describeError(error)}</Alert>}
      {data && (
        <>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={data.preferences.offlineAlerts}
              onChange={(e) => setPreferences.mutate({ offlineAlerts: e.target.checked })}
            />
            Email me when a screen goes offline (admins and managers)
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={data.preferences.weeklySummary}
              onChange={(e) => setPreferences.mutate({ weeklySummary: e.target.checked })}
            />
            Email me a weekly summary of what played
          </label>
          {isAdmin && (
            <div className="flex flex-wrap items-center gap-2">
              <label htmlFor="offline-alert-minutes">Report a screen that is offline</label>
              <select
                id="offline-alert-minutes"
                value={data.offlineAlertMinutes}
                onChange={(e) => setMinutes.mutate(Number(e.target.value))}
                className="min-h-9 rounded-md border border-slate-300 bg-white px-2 dark:border-slate-600 dark:bg-slate-900"
              >
                {!known && (
                  <option value={data.offlineAlertMinutes}>after {data.offlineAlertMinutes} minutes</option>
                )}
                {thresholds.map((t) => (
                  <option key={t.minutes} value={t.minutes}>
                    {t.label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </>
      )}
    </div>
  );
}
