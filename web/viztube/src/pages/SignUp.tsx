import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { describeError, fieldErrorsOf } from '../api/http';
import { useSignUp } from '../auth/session';

// A new account with its avatar (the contract requires one), signed in at once.
export function SignUp() {
  const signUp = useSignUp();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [fields, setFields] = useState({ fullname: '', email: '', username: '', password: '' });
  const [avatar, setAvatar] = useState<File | null>(null);
  const fieldErrors = fieldErrorsOf(signUp.error);
  const set = (name: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setFields((f) => ({ ...f, [name]: e.target.value }));
  return (
    <form
      className="mx-auto mt-8 flex max-w-sm flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!avatar) return;
        signUp.mutate(
          { ...fields, username: fields.username.trim().toLowerCase(), avatar },
          { onSuccess: () => navigate(from, { replace: true }) },
        );
      }}
    >
      <h1 className="text-2xl font-bold">Create your channel</h1>
      {signUp.error && <Alert>{describeError(signUp.error)}</Alert>}
      <TextField
        label="Name"
        autoComplete="name"
        required
        maxLength={100}
        value={fields.fullname}
        onChange={set('fullname')}
        error={fieldErrors.fullname}
      />
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        required
        value={fields.email}
        onChange={set('email')}
        error={fieldErrors.email}
      />
      <TextField
        label="Username"
        autoComplete="username"
        required
        minLength={3}
        maxLength={30}
        pattern="[A-Za-z0-9_.]+"
        hint="3 to 30 letters, digits, dots or underscores"
        value={fields.username}
        onChange={set('username')}
        error={fieldErrors.username}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters"
        value={fields.password}
        onChange={set('password')}
        error={fieldErrors.password}
      />
      <TextField
        label="Avatar"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        required
        hint="A JPEG, PNG or WebP picture up to 10 MB"
        onChange={(e) => setAvatar(e.target.files?.[0] ?? null)}
        error={fieldErrors.avatar}
      />
      <Button type="submit" busy={signUp.isPending}>
        Create account
      </Button>
      <p className="text-sm">
        Have an account?{' '}
        <Link
          to="/sign-in"
          state={{ from }}
          className="font-medium text-blue-700 underline dark:text-blue-400"
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
