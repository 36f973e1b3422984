import { useState } from 'react';
import { describeError } from '../api/http';
import type { Role } from '../api/types';
import { RolePicker } from './RolePicker';
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
  return (
    <div role="status" className="flex flex-col gap-2 text-sm">
      <p>
        This server sends no email, so pass this link to {sent.invitation.email} yourself. It works once, for
        seven days.
      </p>
      <input
        aria-label="Invitation link"
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
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('manager');
  if (invite.data && !invite.data.mailed) {
    return (
      <div className="flex flex-col gap-4">
        <LinkToPassOn sent={invite.data} />
        <div className="flex justify-end">
          <Button onClick={onDone}>Done</Button>
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
        label="Email"
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        hint="They get a link to choose their name and password. It works for seven days."
        required
      />
      <RolePicker id="invite-role" value={role} onChange={setRole} />
      <div className="flex justify-end">
        <Button type="submit" busy={invite.isPending}>
          Send invitation
        </Button>
      </div>
    </form>
  );
}

function PendingRow({ invitation }: { invitation: Invitation }) {
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const error = resend.error ?? revoke.error;
  return (
    <li className="flex flex-col gap-2 py-2 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <span>
          <span className="font-medium">{invitation.email}</span>{' '}
          <span className="text-slate-600 dark:text-slate-400">
            {invitation.role},{' '}
            {invitation.expired
              ? 'link expired'
              : `invited, link valid until ${new Date(invitation.expiresAt).toLocaleDateString()}`}
          </span>
        </span>
        <span className="flex gap-2">
          <Button
            variant="ghost"
            busy={resend.isPending}
            onClick={() => resend.mutate(invitation.id)}
            aria-label={`Send the invitation to ${invitation.email} again`}
          >
            Resend
          </Button>
          <Button
            variant="ghost"
            busy={revoke.isPending}
            onClick={() => revoke.mutate(invitation.id)}
            aria-label={`Withdraw the invitation to ${invitation.email}`}
          >
            Withdraw
          </Button>
        </span>
      </div>
      {error && <Alert>{describeError(error)}</Alert>}
      {resend.data && <LinkToPassOn sent={resend.data} />}
      {resend.data?.mailed && (
        <p role="status" className="text-slate-600 dark:text-slate-400">
          Sent again; the earlier link no longer works.
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
      <h3 className="text-sm font-semibold text-slate-700 dark:text-slate-300">Invited</h3>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((i) => (
          <PendingRow key={i.id} invitation={i} />
        ))}
      </ul>
    </div>
  );
}
