import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { useSignIn } from '../auth/session';
import { AuthLayout } from '../layout/AuthLayout';
import { linkTo } from '../i18n/linkTo';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { ruleMessage } from '@shared/i18n/intl';

const schema = z.object({
  email: z.email(ruleMessage('signIn.emailNeeded')),
  password: z.string().min(1, ruleMessage('signIn.passwordNeeded')),
});
type Values = z.infer<typeof schema>;

export function SignIn() {
  const signIn = useSignIn();
  const { formatMessage } = useIntl();
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });
  // Signed in, the session changes and the frame around this page moves on.
  const submit = handleSubmit((values) => signIn.mutate(values));
  return (
    <AuthLayout title={formatMessage({ id: 'signIn.title' })}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {signIn.error && <Alert>{describeError(signIn.error)}</Alert>}
        <TextField
          label={formatMessage({ id: 'form.email' })}
          type="email"
          autoComplete="email"
          {...register('email')}
          error={formState.errors.email?.message}
        />
        <TextField
          label={formatMessage({ id: 'form.password' })}
          type="password"
          autoComplete="current-password"
          {...register('password')}
          error={formState.errors.password?.message}
        />
        <Button type="submit" busy={signIn.isPending}>
          <FormattedMessage id="signIn.submit" />
        </Button>
        <p className="text-center text-sm">
          <Link to="/forgot-password" className="text-indigo-700 dark:text-indigo-300 underline">
            <FormattedMessage id="signIn.forgot" />
          </Link>
        </p>
        <p className="text-center text-sm text-slate-600 dark:text-slate-400">
          <FormattedMessage id="signIn.newHere" values={{ link: linkTo('/sign-up') }} />
        </p>
      </form>
    </AuthLayout>
  );
}
