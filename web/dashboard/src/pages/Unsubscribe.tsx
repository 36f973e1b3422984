import { Link, useSearchParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { AuthLayout } from '../layout/AuthLayout';
import { useUnsubscribe } from '../notifications/notifications';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';

// Where a notification mail's "stop these" link lands: one button, no sign-in (the link's token
// is the proof). Opening the page changes nothing, so a mail scanner following links cannot.
export function Unsubscribe() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const unsubscribe = useUnsubscribe();
  const { formatMessage } = useIntl();
  if (unsubscribe.isSuccess) {
    return (
      <AuthLayout title={formatMessage({ id: 'unsubscribe.doneTitle' })}>
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          <FormattedMessage id="unsubscribe.done" values={{ topic: unsubscribe.data.topic }} />
        </p>
        <p className="mt-4 text-center text-sm">
          <Link to="/team" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
            <FormattedMessage id="unsubscribe.settings" />
          </Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={formatMessage({ id: 'unsubscribe.title' })}>
      <div className="flex flex-col gap-4">
        {!token && <Alert>{formatMessage({ id: 'form.needsEmailLink' })}</Alert>}
        {unsubscribe.error && <Alert>{describeError(unsubscribe.error)}</Alert>}
        <Button busy={unsubscribe.isPending} disabled={!token} onClick={() => unsubscribe.mutate(token)}>
          <FormattedMessage id="unsubscribe.submit" />
        </Button>
      </div>
    </AuthLayout>
  );
}
