import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { ruleMessage } from '@shared/i18n/intl';
import { FormattedMessage, useIntl } from 'react-intl';
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
    firstName: z.string().trim().min(1, ruleMessage('form.firstNameNeeded')),
    lastName: z.string().trim().min(1, ruleMessage('form.lastNameNeeded')),
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
  const { formatMessage } = useIntl();
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
      <AuthLayout title={formatMessage({ id: 'invite.title' })}>
        <Alert>{formatMessage({ id: 'invite.needsLink' })}</Alert>
      </AuthLayout>
    );
  }
  if (preview.isPending) {
    return (
      <AuthLayout title={formatMessage({ id: 'invite.title' })}>
        <Loading label={formatMessage({ id: 'invite.reading' })} rows={2} />
      </AuthLayout>
    );
  }
  if (!invitation) {
    return (
      <AuthLayout title={formatMessage({ id: 'invite.title' })}>
        <Alert>{describeError(preview.error)}</Alert>
      </AuthLayout>
    );
  }
  const submit = handleSubmit(({ firstName, lastName, password }) =>
    accept.mutate({ token, firstName, lastName, password }),
  );
  const inviter = invitation.invitedByName || formatMessage({ id: 'invite.anAdmin' });
  return (
    <AuthLayout
      title={formatMessage({ id: 'invite.join' }, { organization: invitation.organizationName })}
      subtitle={formatMessage(
        { id: 'invite.by' },
        { inviter, email: invitation.email, role: invitation.role },
      )}
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {accept.error && <Alert>{describeError(accept.error)}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={formatMessage({ id: 'form.firstName' })}
            autoComplete="given-name"
            {...register('firstName')}
            error={formState.errors.firstName?.message}
          />
          <TextField
            label={formatMessage({ id: 'form.lastName' })}
            autoComplete="family-name"
            {...register('lastName')}
            error={formState.errors.lastName?.message}
          />
        </div>
        <TextField
          label={formatMessage({ id: 'form.password' })}
          type="password"
          autoComplete="new-password"
          hint={formatMessage({ id: 'form.passwordHint' })}
          {...register('password')}
          error={formState.errors.password?.message}
        />
        <TextField
          label={formatMessage({ id: 'form.passwordAgain' })}
          type="password"
          autoComplete="new-password"
          {...register('repeated')}
          error={formState.errors.repeated?.message}
        />
        <Button type="submit" busy={accept.isPending}>
          <FormattedMessage id="invite.join" values={{ organization: invitation.organizationName }} />
        </Button>
      </form>
    </AuthLayout>
  );
}
