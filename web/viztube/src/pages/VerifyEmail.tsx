import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { ApiError, describeError } from '../api/http';
import { useVerifyEmail } from '../auth/session';

// Where the mailed link lands: /verify-email?token=…. The page confirms with a POST, so a mail
// scanner that fetches the link confirms nothing.
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
  const spent = verify.error instanceof ApiError && verify.error.status === 401;
  return (
    <div className="mx-auto mt-8 flex max-w-sm flex-col gap-4">
      <h1 className="text-2xl font-bold">
        {verify.isSuccess ? 'Email address confirmed' : 'Confirm your email address'}
      </h1>
      {verify.isSuccess && <p role="status">Thank you: your address is confirmed.</p>}
      {verify.isPending && <p>Confirming…</p>}
      {!token && <Alert>This page needs the link from the email.</Alert>}
      {verify.error && (
        <Alert>
          {spent
            ? 'This link is unknown or over two days old, or your address has changed since. Ask for a new one in Studio settings.'
            : describeError(verify.error)}
        </Alert>
      )}
      <Link to="/" className="font-medium text-blue-700 underline dark:text-blue-400">
        Go to VizTube
      </Link>
    </div>
  );
}
