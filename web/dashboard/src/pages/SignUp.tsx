import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { describeError } from '../api/http';
import { useSignUp } from '../auth/session';
import { newPassword } from '../auth/new-password';
import { AuthLayout } from '../layout/AuthLayout';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';

const schema = z.object({
  firstName: z.string().trim().min(1, 'Enter your first name.'),
  lastName: z.string().trim().min(1, 'Enter your last name.'),
  organizationName: z.string().trim().min(1, 'Enter the name of your business.'),
  email: z.email('Enter your email address.'),
  password: newPassword,
});
type Values = z.infer<typeof schema>;

export function SignUp() {
  const signUp = useSignUp();
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });
  const submit = handleSubmit((values) => signUp.mutate(values));
  const errors = formState.errors;
  return (
    <AuthLayout title="Create your Vizora account" subtitle="A 7-day trial with 5 screens. No card needed.">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {signUp.error && <Alert>{describeError(signUp.error)}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="First name"
            autoComplete="given-name"
            {...register('firstName')}
            error={errors.firstName?.message}
          />
          <TextField
            label="Last name"
            autoComplete="family-name"
            {...register('lastName')}
            error={errors.lastName?.message}
          />
        </div>
        <TextField
          label="Business name"
          autoComplete="organization"
          {...register('organizationName')}
          error={errors.organizationName?.message}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          {...register('email')}
          error={errors.email?.message}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          {...register('password')}
          error={errors.password?.message}
        />
        <Button type="submit" busy={signUp.isPending}>
          Create account
        </Button>
        <p className="text-center text-sm text-slate-600 dark:text-slate-400">
          Already have an account?{' '}
          <Link to="/sign-in" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
            Sign in
          </Link>
        </p>
      </form>
    </AuthLayout>
  );
}
