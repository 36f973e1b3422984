import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ruleMessage } from '@shared/i18n/intl';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { useSignUp } from '../auth/session';
import { newPassword } from '../auth/new-password';
import { AuthLayout } from '../layout/AuthLayout';
import { linkTo } from '../i18n/linkTo';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';

const schema = z.object({
  firstName: z.string().trim().min(1, ruleMessage('form.firstNameNeeded')),
  lastName: z.string().trim().min(1, ruleMessage('form.lastNameNeeded')),
  organizationName: z.string().trim().min(1, ruleMessage('signUp.businessNeeded')),
  email: z.email(ruleMessage('signIn.emailNeeded')),
  password: newPassword,
});
type Values = z.infer<typeof schema>;

export function SignUp() {
  const signUp = useSignUp();
  const { formatMessage } = useIntl();
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });
  const submit = handleSubmit((values) => signUp.mutate(values));
  const errors = formState.errors;
  return (
    <AuthLayout
      title={formatMessage({ id: 'signUp.title' })}
      subtitle={formatMessage({ id: 'signUp.subtitle' })}
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {signUp.error && <Alert>{describeError(signUp.error)}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={formatMessage({ id: 'form.firstName' })}
            autoComplete="given-name"
            {...register('firstName')}
            error={errors.firstName?.message}
          />
          <TextField
            label={formatMessage({ id: 'form.lastName' })}
            autoComplete="family-name"
            {...register('lastName')}
            error={errors.lastName?.message}
          />
        </div>
        <TextField
          label={formatMessage({ id: 'signUp.business' })}
          autoComplete="organization"
          {...register('organizationName')}
          error={errors.organizationName?.message}
        />
        <TextField
          label={formatMessage({ id: 'form.email' })}
          type="email"
          autoComplete="email"
          {...register('email')}
          error={errors.email?.message}
        />
        <TextField
          label={formatMessage({ id: 'form.password' })}
          type="password"
          autoComplete="new-password"
          hint={formatMessage({ id: 'form.passwordHint' })}
          {...register('password')}
          error={errors.password?.message}
        />
        <Button type="submit" busy={signUp.isPending}>
          <FormattedMessage id="signUp.submit" />
        </Button>
        <p className="text-center text-sm text-slate-600 dark:text-slate-400">
          <FormattedMessage id="signUp.haveAccount" values={{ link: linkTo('/sign-in') }} />
        </p>
      </form>
    </AuthLayout>
  );
}
