import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
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
        Go to the dashboard
      </Link>
    </p>
  );
  if (verify.isSuccess) {
    return (
      <AuthLayout title="Email address confirmed">
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          Thank you: your address is confirmed.
        </p>
        {back}
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Confirm your email address">
      {!token && <Alert>This page needs the link from the email.</Alert>}
      {verify.isPending && <Loading label="Confirming your address" rows={1} />}
      {verify.error && <Alert>{describeError(verify.error)}</Alert>}
      {(verify.error || !token) && back}
    </AuthLayout>
  );
}
