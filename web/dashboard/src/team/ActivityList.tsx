import type { AuditEntry } from './team';

// The audit trail in words: when, and what was done.
export function ActivityList({ entries }: { entries: AuditEntry[] }) {
  return (
    <ol className="flex flex-col gap-1 text-sm">
      {entries.map((a) => (
        <li key={a.id} className="flex gap-3">
          <span className="w-44 shrink-0 text-slate-600 dark:text-slate-400">
            {new Date(a.createdAt).toLocaleString()}
          </span>
          <span>{a.action.replace(/[._]/g, ' ')}</span>
        </li>
      ))}
    </ol>
  );
}
