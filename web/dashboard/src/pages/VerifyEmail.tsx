import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { useVerifyEmail } from '../auth/session';
import { AuthLayout } from '../layout/AuthLayout';
import { Alert } from '@shared/ui/Alert';
import { Loading } from '@shared/ui/Loading';

// Where the mailed link lands: /verify-email?token=…. Opening it is the confirmation (the
// request is a POST from this page, so a mail scanner fetching the link confirms nothing).
export function VerifyEmail() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyEmail();
  const { formatMessage } = useIntl();
  const sent = useRef(false);
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);
  const back = (
    <p className="mt-4 text-center text-sm">
      <Link to="/" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
        <FormattedMessage id="verifyPage.toDashboard" />
      </Link>
    </p>
  );
  if (verify.isSuccess) {
    return (
      <AuthLayout title={formatMessage({ id: 'verifyPage.doneTitle' })}>
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          <FormattedMessage id="verifyPage.done" />
        </p>
        {back}
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={formatMessage({ id: 'verify.banner' })}>
      {!token && <Alert>{formatMessage({ id: 'form.needsEmailLink' })}</Alert>}
      {verify.isPending && <Loading label={formatMessage({ id: 'verifyPage.confirming' })} rows={1} />}
      {verify.error && <Alert>{describeError(verify.error)}</Alert>}
      {(verify.error || !token) && back}
    </AuthLayout>
  );
}
