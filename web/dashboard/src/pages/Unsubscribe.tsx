import { Link, useSearchParams } from 'react-router';
import { describeError } from '../api/http';
import { AuthLayout } from '../layout/AuthLayout';
import { useUnsubscribe } from '../notifications/notifications';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';

const topics: Record<string, string> = {
  offlineAlerts: 'alerts about screens that go offline',
  weeklySummary: 'the weekly summary of what played',
};

// Where a notification mail's "stop these" link lands: one button, no sign-in (the link's token
// is the proof). Opening the page changes nothing, so a mail scanner following links cannot.
export function Unsubscribe() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const unsubscribe = useUnsubscribe();
  if (unsubscribe.isSuccess) {
    return (
      <AuthLayout title="Unsubscribed">
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          You will no longer get {topics[unsubscribe.data.topic] ?? 'these emails'}. You can turn them back on
          from the Team page.
        </p>
        <p className="mt-4 text-center text-sm">
          <Link to="/team" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
            Notification settings
          </Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Stop these emails?">
      <div className="flex flex-col gap-4">
        {!token && <Alert>This page needs the link from the email.</Alert>}
        {unsubscribe.error && <Alert>{describeError(unsubscribe.error)}</Alert>}
        <Button busy={unsubscribe.isPending} disabled={!token} onClick={() => unsubscribe.mutate(token)}>
          Unsubscribe
        </Button>
      </div>
    </AuthLayout>
  );
}
