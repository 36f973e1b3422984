import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import type { Role } from '../api/types';
import { RolePicker, roleName } from './RolePicker';
import {
  absoluteLink,
  type Invitation,
  type SentInvitation,
  useInvitations,
  useInvite,
  useResendInvitation,
  useRevokeInvitation,
} from './team';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';

// Without a mail relay the server cannot send the link: the admin passes it on.
function LinkToPassOn({ sent }: { sent: SentInvitation }) {
  if (sent.mailed || !sent.acceptUrl) return null;
  const link = absoluteLink(sent.acceptUrl);
  const { formatMessage } = useIntl();
  return (
    <div role="status" className="flex flex-col gap-2 text-sm">
      <p>
        <FormattedMessage id="invites.passOn" values={{ email: sent.invitation.email }} />
      </p>
      <input
        aria-label={formatMessage({ id: 'invites.link' })}
        readOnly
        value={link}
        onFocus={(e) => e.target.select()}
        className="min-h-10 rounded-md border border-slate-300 bg-slate-50 px-3 font-mono text-xs dark:border-slate-600 dark:bg-slate-800"
      />
    </div>
  );
}

export function InviteForm({ onDone }: { onDone: () => void }) {
  const invite = useInvite();
  const { formatMessage } = useIntl();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('manager');
  if (invite.data && !invite.data.mailed) {
    return (
      <div className="flex flex-col gap-4">
        <LinkToPassOn sent={invite.data} />
        <div className="flex justify-end">
          <Button onClick={onDone}>
            <FormattedMessage id="invites.done" />
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        invite.mutate(
          { email, role },
          {
            onSuccess: (sent) => {
              if (sent.mailed) onDone();
            },
          },
        );
      }}
    >
      {invite.error && <Alert>{describeError(invite.error)}</Alert>}
      <TextField
        label={formatMessage({ id: 'form.email' })}
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        hint={formatMessage({ id: 'invites.emailHint' })}
        required
      />
      <RolePicker id="invite-role" value={role} onChange={setRole} />
      <div className="flex justify-end">
        <Button type="submit" busy={invite.isPending}>
          <FormattedMessage id="invites.send" />
        </Button>
      </div>
    </form>
  );
}

function PendingRow({ invitation }: { invitation: Invitation }) {
  const resend = useResendInvitation();
  const { formatMessage, formatDate } = useIntl();
  const revoke = useRevokeInvitation();
  const error = resend.error ?? revoke.error;
  return (
    <li className="flex flex-col gap-2 py-2 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <span>
          <span className="font-medium">{invitation.email}</span>{' '}
          <span className="text-slate-600 dark:text-slate-400">
            {invitation.expired
              ? formatMessage(
                  { id: 'invites.expired' },
                  { role: formatMessage({ id: roleName(invitation.role) }) },
                )
              : formatMessage(
                  { id: 'invites.valid' },
                  {
                    role: formatMessage({ id: roleName(invitation.role) }),
                    date: formatDate(invitation.expiresAt, { dateStyle: 'medium' }),
                  },
                )}
          </span>
        </span>
        <span className="flex gap-2">
          <Button
            variant="ghost"
            busy={resend.isPending}
            onClick={() => resend.mutate(invitation.id)}
            aria-label={formatMessage({ id: 'invites.resendNamed' }, { email: invitation.email })}
          >
            <FormattedMessage id="invites.resend" />
          </Button>
          <Button
            variant="ghost"
            busy={revoke.isPending}
            onClick={() => revoke.mutate(invitation.id)}
            aria-label={formatMessage({ id: 'invites.withdrawNamed' }, { email: invitation.email })}
          >
            <FormattedMessage id="invites.withdraw" />
          </Button>
        </span>
      </div>
      {error && <Alert>{describeError(error)}</Alert>}
      {resend.data && <LinkToPassOn sent={resend.data} />}
      {resend.data?.mailed && (
        <p role="status" className="text-slate-600 dark:text-slate-400">
          <FormattedMessage id="invites.resent" />
        </p>
      )}
    </li>
  );
}

// Invitations not yet accepted: each holds a seat of the plan until it is accepted or withdrawn.
export function PendingInvitations() {
  const invitations = useInvitations(true);
  const items = invitations.data?.items ?? [];
  if (invitations.error) return <Alert>{describeError(invitations.error)}</Alert>;
  if (items.length === 0) return null;
  return (
    <div className="flex flex-col gap-1">
      <h3 className="text-sm font-semibold text-slate-700 dark:text-slate-300">
        <FormattedMessage id="invites.invited" />
      </h3>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((i) => (
          <PendingRow key={i.id} invitation={i} />
        ))}
      </ul>
    </div>
  );
}
