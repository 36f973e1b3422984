import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { ruleMessage } from '@shared/i18n/intl';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { useRequestPasswordReset } from '../auth/session';
import { AuthLayout } from '../layout/AuthLayout';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';

const schema = z.object({ email: z.email(ruleMessage('signIn.emailNeeded')) });
type Values = z.infer<typeof schema>;

export function ForgotPassword() {
  const request = useRequestPasswordReset();
  const { formatMessage } = useIntl();
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });
  const submit = handleSubmit((values) => request.mutate(values));
  if (request.isSuccess) {
    return (
      <AuthLayout title={formatMessage({ id: 'forgot.sentTitle' })}>
        <p className="text-sm text-slate-700 dark:text-slate-300" role="status">
          <FormattedMessage id="forgot.sent" values={{ email: request.variables.email }} />
        </p>
        <p className="mt-4 text-center text-sm">
          <Link to="/sign-in" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
            <FormattedMessage id="form.backToSignIn" />
          </Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={formatMessage({ id: 'forgot.title' })}
      subtitle={formatMessage({ id: 'forgot.subtitle' })}
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {request.error && <Alert>{describeError(request.error)}</Alert>}
        <TextField
          label={formatMessage({ id: 'form.email' })}
          type="email"
          autoComplete="email"
          {...register('email')}
          error={formState.errors.email?.message}
        />
        <Button type="submit" busy={request.isPending}>
          <FormattedMessage id="forgot.submit" />
        </Button>
        <p className="text-center text-sm text-slate-600 dark:text-slate-400">
          <Link to="/sign-in" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
            <FormattedMessage id="form.backToSignIn" />
          </Link>
        </p>
      </form>
    </AuthLayout>
  );
}
