import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { describeError } from '../api/http';
import { useAcceptInvitation, useInvitationPreview } from '../auth/session';
import { passwordsMatch, passwordTwice } from '../auth/new-password';
import { AuthLayout } from '../layout/AuthLayout';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Loading } from '@shared/ui/Loading';
import { TextField } from '@shared/ui/TextField';

const schema = z
  .object({
    firstName: z.string().trim().min(1, 'Enter your first name.'),
    lastName: z.string().trim().min(1, 'Enter your last name.'),
    ...passwordTwice,
  })
  .refine(...passwordsMatch);
type Values = z.infer<typeof schema>;

// Where the mailed invitation lands: /accept-invitation?token=…. It says who invited whom to
// what, then the new colleague picks a name and password and is signed in.
export function AcceptInvitation() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation();
  const { register, handleSubmit, formState, reset } = useForm<Values>({
    resolver: zodResolver(schema),
  });
  const invitation = preview.data?.invitation;
  // The admin may have typed the name already: start from it.
  useEffect(() => {
    if (invitation) {
      reset({ firstName: invitation.firstName, lastName: invitation.lastName, password: '', repeated: '' });
    }
  }, [invitation, reset]);

  if (accept.isSuccess) return <Navigate to="/" replace />;
  if (!token) {
    return (
      <AuthLayout title="Join your team">
        <Alert>This page needs the link from the invitation email.</Alert>
      </AuthLayout>
    );
  }
  if (preview.isPending) {
    return (
      <AuthLayout title="Join your team">
        <Loading label="Reading the invitation" rows={2} />
      </AuthLayout>
    );
  }
  if (!invitation) {
    return (
      <AuthLayout title="Join your team">
        <Alert>{describeError(preview.error)}</Alert>
      </AuthLayout>
    );
  }
  const submit = handleSubmit(({ firstName, lastName, password }) =>
    accept.mutate({ token, firstName, lastName, password }),
  );
  const inviter = invitation.invitedByName || 'An admin';
  return (
    <AuthLayout
      title={`Join ${invitation.organizationName}`}
      subtitle={`${inviter} invited ${invitation.email} as ${invitation.role}.`}
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {accept.error && <Alert>{describeError(accept.error)}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="First name"
            autoComplete="given-name"
            {...register('firstName')}
            error={formState.errors.firstName?.message}
          />
          <TextField
            label="Last name"
            autoComplete="family-name"
            {...register('lastName')}
            error={formState.errors.lastName?.message}
          />
        </div>
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          {...register('password')}
          error={formState.errors.password?.message}
        />
        <TextField
          label="Password again"
          type="password"
          autoComplete="new-password"
          {...register('repeated')}
          error={formState.errors.repeated?.message}
        />
        <Button type="submit" busy={accept.isPending}>
          Join {invitation.organizationName}
        </Button>
      </form>
    </AuthLayout>
  );
}
