import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { ApiError, describeError } from '../api/http';
import { useResetPassword } from '../auth/session';

// Where the mailed link lands: /reset-password?token=…
export function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [mismatch, setMismatch] = useState(false);
  if (reset.isSuccess) {
    return (
      <div className="mx-auto mt-8 flex max-w-sm flex-col gap-4">
        <h1 className="text-2xl font-bold">Password changed</h1>
        <p role="status">
          Your new password is set, and every device that was signed in has been signed out.
        </p>
        <Link to="/sign-in" className="font-medium text-blue-700 underline dark:text-blue-400">
          Sign in
        </Link>
      </div>
    );
  }
  const spent = reset.error instanceof ApiError && reset.error.status === 401;
  return (
    <form
      className="mx-auto mt-8 flex max-w-sm flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        setMismatch(password !== repeated);
        if (password === repeated) reset.mutate({ token, newPassword: password });
      }}
    >
      <h1 className="text-2xl font-bold">Choose a new password</h1>
      {!token && <Alert>This page needs the link from the email. Ask for a new one.</Alert>}
      {reset.error && (
        <Alert>
          {spent
            ? 'This link is unknown, already used or over an hour old. Ask for a new one.'
            : describeError(reset.error)}
        </Alert>
      )}
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <TextField
        label="New password again"
        type="password"
        autoComplete="new-password"
        required
        value={repeated}
        onChange={(e) => setRepeated(e.target.value)}
        error={mismatch ? 'The two passwords differ.' : undefined}
      />
      <Button type="submit" busy={reset.isPending} disabled={!token}>
        Set the new password
      </Button>
      {(spent || !token) && (
        <Link to="/forgot-password" className="font-medium text-blue-700 underline dark:text-blue-400">
          Ask for a new link
        </Link>
      )}
    </form>
  );
}
