import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { FormattedMessage } from 'react-intl';
import { api, describeError } from '../api/http';
import type { Organization, Session } from '../api/types';
import { sessionKey } from '../auth/session';
import { Alert } from '@shared/ui/Alert';

// The zones this browser knows, the organization's own first if it is not among them.
function zonesWith(current: string): string[] {
  const known = Intl.supportedValuesOf('timeZone');
  return known.includes(current) ? known : [current, ...known];
}

function useSetTimeZone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (timezone: string) =>
      api<{ organization: Organization }>('/api/v1/organization', { method: 'PATCH', body: { timezone } }),
    onSuccess: ({ organization }) =>
      client.setQueryData<Session>(sessionKey, (session) => session && { ...session, organization }),
  });
}

// The Team page's "Time zone": the zone the organization's days (analytics per day) and weeks
// (the weekly summary) are counted in. Admins change it; others see it.
export function OrganizationTimeZone({
  organization,
  isAdmin,
}: {
  organization: Organization;
  isAdmin: boolean;
}) {
  const id = useId();
  const save = useSetTimeZone();
  const current = organization.timezone || 'UTC'; // a server before time zones says none
  return (
    <div className="flex flex-col gap-2 text-sm">
      {save.error && <Alert>{describeError(save.error)}</Alert>}
      <label htmlFor={id} className="font-medium">
        <FormattedMessage id="zone.countedIn" />
      </label>
      <select
        id={id}
        value={save.isPending ? save.variables : current}
        disabled={!isAdmin || save.isPending}
        onChange={(e) => save.mutate(e.target.value)}
        className="min-h-10 max-w-sm rounded-md border border-slate-300 bg-white px-3 text-sm disabled:opacity-70 dark:border-slate-700 dark:bg-slate-900"
      >
        {zonesWith(current).map((zone) => (
          <option key={zone} value={zone}>
            {zone.replaceAll('_', ' ')}
          </option>
        ))}
      </select>
    </div>
  );
}
