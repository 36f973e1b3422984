import type { Role } from '../api/types';

export const roles: { value: Role; label: string }[] = [
  { value: 'viewer', label: 'Viewer (reads everything)' },
  { value: 'manager', label: 'Manager (also screens, content, playlists, schedules)' },
  { value: 'admin', label: 'Admin (also people and the plan)' },
];

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
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        Role
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value as Role)}
        className="min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm dark:border-slate-600 dark:bg-slate-900"
      >
        {roles.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
    </div>
  );
}
