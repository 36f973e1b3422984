import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link, useSearchParams } from 'react-router';
import { z } from 'zod';
import { FormattedMessage, useIntl } from 'react-intl';
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
  const { formatMessage } = useIntl();
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });
  const submit = handleSubmit((values) => reset.mutate({ token, password: values.password }));
  if (reset.isSuccess) {
    return (
      <AuthLayout title={formatMessage({ id: 'reset.doneTitle' })}>
        <p className="text-sm text-slate-700 dark:text-slate-300" role="status">
          <FormattedMessage id="reset.done" />
        </p>
        <p className="mt-4 text-center text-sm">
          <Link to="/sign-in" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
            <FormattedMessage id="signIn.submit" />
          </Link>
        </p>
      </AuthLayout>
    );
  }
  const linkIsBad = !token || (reset.error instanceof ApiError && reset.error.code === 'AUTH_005');
  return (
    <AuthLayout title={formatMessage({ id: 'reset.title' })}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {!token && <Alert>{formatMessage({ id: 'reset.needsLink' })}</Alert>}
        {reset.error && <Alert>{describeError(reset.error)}</Alert>}
        <TextField
          label={formatMessage({ id: 'reset.newPassword' })}
          type="password"
          autoComplete="new-password"
          {...register('password')}
          error={formState.errors.password?.message}
        />
        <TextField
          label={formatMessage({ id: 'reset.newPasswordAgain' })}
          type="password"
          autoComplete="new-password"
          {...register('repeated')}
          error={formState.errors.repeated?.message}
        />
        <Button type="submit" busy={reset.isPending} disabled={!token}>
          <FormattedMessage id="reset.submit" />
        </Button>
        {linkIsBad && (
          <p className="text-center text-sm">
            <Link
              to="/forgot-password"
              className="font-medium text-indigo-700 dark:text-indigo-300 underline"
            >
              <FormattedMessage id="reset.askAgain" />
            </Link>
          </p>
        )}
      </form>
    </AuthLayout>
  );
}
