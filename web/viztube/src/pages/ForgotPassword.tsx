import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { describeError } from '../api/http';
import { useRequestPasswordReset } from '../auth/session';

// Asks for a reset link; the answer is the same whether or not the address is a user's.
export function ForgotPassword() {
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  if (request.isSuccess) {
    return (
      <div className="mx-auto mt-8 flex max-w-sm flex-col gap-4">
        <h1 className="text-2xl font-bold">Check your email</h1>
        <p role="status">
          If an account uses {request.variables.email}, a link to choose a new password is on its way. It
          works for an hour.
        </p>
        <Link to="/sign-in" className="font-medium text-blue-700 underline dark:text-blue-400">
          Back to sign in
        </Link>
      </div>
    );
  }
  return (
    <form
      className="mx-auto mt-8 flex max-w-sm flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        request.mutate({ email: email.trim() });
      }}
    >
      <h1 className="text-2xl font-bold">Forgot your password?</h1>
      {request.error && <Alert>{describeError(request.error)}</Alert>}
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Button type="submit" busy={request.isPending}>
        Email me a link
      </Button>
    </form>
  );
}
