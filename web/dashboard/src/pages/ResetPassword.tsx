import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link, useSearchParams } from 'react-router';
import { z } from 'zod';
import { ApiError, describeError } from '../api/http';
import { useResetPassword } from '../auth/session';
import { passwordsMatch, passwordTwice } from '../auth/new-password';
import { AuthLayout } from '../layout/AuthLayout';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';

const schema = z.object(passwordTwice).refine(...passwordsMatch);
type Values = z.infer<typeof schema>;

// Where the mailed link lands: /reset-password?token=…
export function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useResetPassword();
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });
  const submit = handleSubmit((values) => reset.mutate({ token, password: values.password }));
  if (reset.isSuccess) {
    return (
      <AuthLayout title="Password changed">
        <p className="text-sm text-slate-700 dark:text-slate-300" role="status">
          Your new password is set, and every device that was signed in has been signed out.
        </p>
        <p className="mt-4 text-center text-sm">
          <Link to="/sign-in" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
            Sign in
          </Link>
        </p>
      </AuthLayout>
    );
  }
  const linkIsBad = !token || (reset.error instanceof ApiError && reset.error.code === 'AUTH_005');
  return (
    <AuthLayout title="Choose a new password">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {!token && <Alert>This page needs the link from the email. Ask for a new one.</Alert>}
        {reset.error && <Alert>{describeError(reset.error)}</Alert>}
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          {...register('password')}
          error={formState.errors.password?.message}
        />
        <TextField
          label="New password again"
          type="password"
          autoComplete="new-password"
          {...register('repeated')}
          error={formState.errors.repeated?.message}
        />
        <Button type="submit" busy={reset.isPending} disabled={!token}>
          Set the new password
        </Button>
        {linkIsBad && (
          <p className="text-center text-sm">
            <Link
              to="/forgot-password"
              className="font-medium text-indigo-700 dark:text-indigo-300 underline"
            >
              Ask for a new link
            </Link>
          </p>
        )}
      </form>
    </AuthLayout>
  );
}
