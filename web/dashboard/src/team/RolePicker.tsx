import { FormattedMessage, useIntl } from 'react-intl';
import type { Role } from '../api/types';

export const roles = [
  { value: 'viewer', label: 'role.viewerLong', name: 'role.viewer' },
  { value: 'manager', label: 'role.managerLong', name: 'role.manager' },
  { value: 'admin', label: 'role.adminLong', name: 'role.admin' },
] as const satisfies { value: Role; label: string; name: string }[];

export const roleName = (role: Role) => roles.find((r) => r.value === role)?.name ?? 'role.viewer';

// The role of someone being added or invited, each role saying what it may do.
export function RolePicker({
  id,
  value,
  onChange,
}: {
  id: string;
  value: Role;
  onChange: (role: Role) => void;
}) {
  const { formatMessage } = useIntl();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        <FormattedMessage id="role.label" />
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value as Role)}
        className="min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm dark:border-slate-600 dark:bg-slate-900"
      >
        {roles.map((r) => (
          <option key={r.value} value={r.value}>
            {formatMessage({ id: r.label })}
          </option>
        ))}
      </select>
    </div>
  );
}
