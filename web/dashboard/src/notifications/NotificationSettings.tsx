import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { useNotificationSettings, useSetOfflineAlertMinutes, useSetPreferences } from './notifications';
import { Alert } from '@shared/ui/Alert';
import { Loading } from '@shared/ui/Loading';

const thresholds = [5, 15, 30, 60, 240, 0];

// The Team page's "Email notifications": each person's own choices, and (admins) when a dark
// screen is reported to the organization's admins and managers.
export function NotificationSettings({ isAdmin }: { isAdmin: boolean }) {
  const settings = useNotificationSettings();
  const { formatMessage } = useIntl();
  const setPreferences = useSetPreferences();
  const setMinutes = useSetOfflineAlertMinutes();
  const error = settings.error ?? setPreferences.error ?? setMinutes.error;
  if (settings.isPending) return <Loading label={formatMessage({ id: 'notify.loading' })} rows={2} />;
  const data = settings.data;
  const known = thresholds.some((minutes) => minutes === data?.offlineAlertMinutes);
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
            <FormattedMessage id="notify.offline" />
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={data.preferences.weeklySummary}
              onChange={(e) => setPreferences.mutate({ weeklySummary: e.target.checked })}
            />
            <FormattedMessage id="notify.weekly" />
          </label>
          {isAdmin && (
            <div className="flex flex-wrap items-center gap-2">
              <label htmlFor="offline-alert-minutes">
                <FormattedMessage id="notify.reportAfter" />
              </label>
              <select
                id="offline-alert-minutes"
                value={data.offlineAlertMinutes}
                onChange={(e) => setMinutes.mutate(Number(e.target.value))}
                className="min-h-9 rounded-md border border-slate-300 bg-white px-2 dark:border-slate-600 dark:bg-slate-900"
              >
                {!known && (
                  <option value={data.offlineAlertMinutes}>
                    {formatMessage({ id: 'notify.after' }, { minutes: data.offlineAlertMinutes })}
                  </option>
                )}
                {thresholds.map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {formatMessage({ id: 'notify.after' }, { minutes })}
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
