import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { ApiError, describeError } from '../api/http';
import { useSignIn } from '../auth/session';

// Sign in by email or username; back to the page that asked for it.
export function SignIn() {
  const signIn = useSignIn();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  return (
    <form
      className="mx-auto mt-8 flex max-w-sm flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        signIn.mutate(
          { login: login.trim(), password },
          { onSuccess: () => navigate(from, { replace: true }) },
        );
      }}
    >
      <h1 className="text-2xl font-bold">Sign in</h1>
      {signIn.error && (
        <Alert>
          {signIn.error instanceof ApiError && signIn.error.status === 401
            ? 'That email or username and password do not match an account.'
            : describeError(signIn.error)}
        </Alert>
      )}
      <TextField
        label="Email or username"
        autoComplete="username"
        required
        value={login}
        onChange={(e) => setLogin(e.target.value)}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Button type="submit" busy={signIn.isPending}>
        Sign in
      </Button>
      <Link to="/forgot-password" className="text-sm text-blue-700 underline dark:text-blue-400">
        Forgot your password?
      </Link>
      <p className="text-sm">
        New here?{' '}
        <Link
          to="/sign-up"
          state={{ from }}
          className="font-medium text-blue-700 underline dark:text-blue-400"
        >
          Create an account
        </Link>
      </p>
    </form>
  );
}
