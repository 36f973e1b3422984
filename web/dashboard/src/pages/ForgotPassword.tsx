import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { describeError } from '../api/http';
import { useRequestPasswordReset } from '../auth/session';
import { AuthLayout } from '../layout/AuthLayout';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';

const schema = z.object({ email: z.email('Enter your email address.') });
type Values = z.infer<typeof schema>;

export function ForgotPassword() {
  const request = useRequestPasswordReset();
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });
  const submit = handleSubmit((values) => request.mutate(values));
  if (request.isSuccess) {
    return (
      <AuthLayout title="Check your email">
        <p className="text-sm text-slate-700 dark:text-slate-300" role="status">
          If an account uses {request.variables.email}, a link to choose a new password is on its way. It
          works for an hour.
        </p>
        <p className="mt-4 text-center text-sm">
          <Link to="/sign-in" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
            Back to sign in
          </Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Forgot your password?" subtitle="We will email you a link to choose a new one.">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {request.error && <Alert>{describeError(request.error)}</Alert>}
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          {...register('email')}
          error={formState.errors.email?.message}
        />
        <Button type="submit" busy={request.isPending}>
          Email me a link
        </Button>
        <p className="text-center text-sm text-slate-600 dark:text-slate-400">
          <Link to="/sign-in" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
            Back to sign in
          </Link>
        </p>
      </form>
    </AuthLayout>
  );
}
