import { Mail, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import type { Role } from '../api/types';
import { useCurrentSession } from '../auth/session';
import { useBilling } from '../billing/billing';
import { NotificationSettings } from '../notifications/NotificationSettings';
import { OrganizationTimeZone } from '../team/OrganizationTimeZone';
import { ActivityList } from '../team/ActivityList';
import { InviteForm, PendingInvitations } from '../team/Invitations';
import { RolePicker, roleName, roles } from '../team/RolePicker';
import { useAddMember, useAuditLog, useMembers, useUpdateMember } from '../team/team';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Loading } from '@shared/ui/Loading';
import { Modal } from '@shared/ui/Modal';
import { TextField } from '@shared/ui/TextField';
import { MoreBelow, useShowMore } from '@shared/ui/MoreBelow';

function AddMember({ onDone }: { onDone: () => void }) {
  const add = useAddMember();
  const { formatMessage } = useIntl();
  const [form, setForm] = useState({
    firstName: '',
    lastName: '',
    email: '',
    password: '',
    role: 'manager' as Role,
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(form, { onSuccess: onDone });
      }}
    >
      {add.error && <Alert>{describeError(add.error)}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={formatMessage({ id: 'form.firstName' })}
          value={form.firstName}
          onChange={set('firstName')}
          required
        />
        <TextField
          label={formatMessage({ id: 'form.lastName' })}
          value={form.lastName}
          onChange={set('lastName')}
          required
        />
      </div>
      <TextField
        label={formatMessage({ id: 'form.email' })}
        type="email"
        value={form.email}
        onChange={set('email')}
        required
      />
      <TextField
        label={formatMessage({ id: 'team.firstPassword' })}
        type="password"
        hint={formatMessage({ id: 'team.firstPasswordHint' })}
        value={form.password}
        onChange={set('password')}
        required
      />
      <RolePicker id="member-role" value={form.role} onChange={(role) => setForm({ ...form, role })} />
      <div className="flex justify-end">
        <Button type="submit" busy={add.isPending}>
          <FormattedMessage id="team.addSubmit" />
        </Button>
      </div>
    </form>
  );
}

export function Team() {
  const session = useCurrentSession();
  const { formatMessage } = useIntl();
  const isAdmin = session.user.role === 'admin';
  const members = useMembers();
  const update = useUpdateMember();
  // Counted by the server: the device list would stop at its first page.
  const billing = useBilling();
  const audit = useAuditLog(isAdmin);
  const showMoreActivity = useShowMore(audit);
  const [adding, setAdding] = useState(false);
  const [inviting, setInviting] = useState(false);
  const { organization } = session;
  const used = billing.data?.usage.screens ?? 0;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">
        <FormattedMessage id="team.title" />
      </h1>
      <section
        aria-labelledby="plan"
        className="flex flex-col gap-2 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="plan" className="font-semibold">
          <FormattedMessage id="team.plan" />
        </h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          <FormattedMessage
            id="team.planLine"
            values={{
              organization: organization.name,
              tier: organization.subscriptionTier,
              status: organization.subscriptionStatus,
            }}
          />{' '}
          <Link to="/billing" className="text-indigo-700 underline dark:text-indigo-300">
            <FormattedMessage id="team.planLink" />
          </Link>
        </p>
        <div className="flex items-center gap-3 text-sm">
          <div
            role="meter"
            aria-label={formatMessage({ id: 'team.screensUsed' })}
            aria-valuemin={0}
            aria-valuemax={organization.screenQuota}
            aria-valuenow={used}
            className="h-2 flex-1 overflow-hidden rounded bg-slate-200"
          >
            <div
              className="h-full bg-indigo-600"
              style={{ width: `${Math.min(100, (used / Math.max(1, organization.screenQuota)) * 100)}%` }}
            />
          </div>
          <span>
            <FormattedMessage id="team.screensOf" values={{ used, quota: organization.screenQuota }} />
          </span>
        </div>
      </section>
      <section
        aria-labelledby="people"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="people" className="font-semibold">
            <FormattedMessage id="team.people" />
          </h2>
          {isAdmin && (
            <span className="flex flex-wrap gap-2">
              <Button variant="secondary" onClick={() => setAdding(true)}>
                <UserPlus aria-hidden="true" size={16} /> <FormattedMessage id="team.addWithPassword" />
              </Button>
              <Button onClick={() => setInviting(true)}>
                <Mail aria-hidden="true" size={16} /> <FormattedMessage id="team.invite" />
              </Button>
            </span>
          )}
        </div>
        {(members.error || update.error) && <Alert>{describeError(members.error ?? update.error)}</Alert>}
        {members.isPending ? (
          <Loading label={formatMessage({ id: 'team.loadingPeople' })} rows={2} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {(members.data?.items ?? []).map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
                <span>
                  <span className="font-medium">
                    {m.firstName} {m.lastName}
                  </span>{' '}
                  <span className="text-slate-600 dark:text-slate-400">{m.email}</span>
                  {!m.isActive && (
                    <span className="ml-2 text-slate-500 dark:text-slate-400">
                      <FormattedMessage id="team.deactivated" />
                    </span>
                  )}
                </span>
                {isAdmin && m.id !== session.user.id ? (
                  <select
                    aria-label={formatMessage(
                      { id: 'team.roleOf' },
                      { name: `${m.firstName} ${m.lastName}` },
                    )}
                    value={m.role}
                    onChange={(e) => update.mutate({ id: m.id, role: e.target.value as Role })}
                    className="min-h-9 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-2"
                  >
                    {roles.map((r) => (
                      <option key={r.value} value={r.value}>
                        {formatMessage({ id: r.name })}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="text-slate-700 dark:text-slate-300">
                    {formatMessage({ id: roleName(m.role) })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {isAdmin && <PendingInvitations />}
      </section>
      <section
        aria-labelledby="notifications"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="notifications" className="font-semibold">
          <FormattedMessage id="team.notifications" />
        </h2>
        <NotificationSettings isAdmin={isAdmin} />
      </section>
      <section
        aria-labelledby="time-zone"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
      >
        <h2 id="time-zone" className="font-semibold">
          <FormattedMessage id="team.zone" />
        </h2>
        <OrganizationTimeZone organization={organization} isAdmin={isAdmin} />
      </section>
      {isAdmin && (
        <section
          aria-labelledby="audit"
          className="flex flex-col gap-3 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4"
        >
          <h2 id="audit" className="font-semibold">
            <FormattedMessage id="team.activity" />
          </h2>
          {audit.isPending ? (
            <Loading label={formatMessage({ id: 'team.loadingActivity' })} rows={2} />
          ) : (
            <ActivityList entries={audit.data?.pages.flatMap((page) => page.items) ?? []} />
          )}
          {audit.hasNextPage && <MoreBelow onMore={showMoreActivity} busy={audit.isFetchingNextPage} />}
        </section>
      )}
      <Modal open={adding} onOpenChange={setAdding} title={formatMessage({ id: 'team.addTitle' })}>
        <AddMember onDone={() => setAdding(false)} />
      </Modal>
      <Modal open={inviting} onOpenChange={setInviting} title={formatMessage({ id: 'team.invite' })}>
        <InviteForm onDone={() => setInviting(false)} />
      </Modal>
    </div>
  );
}
