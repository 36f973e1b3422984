import { useIntl, type MessageDescriptor } from 'react-intl';
import type { AuditEntry } from './team';

type MessageId = NonNullable<MessageDescriptor['id']>;

// The audit trail in words: when, and what was done.
export function ActivityList({ entries }: { entries: AuditEntry[] }) {
  const { formatMessage, formatDate, messages } = useIntl();
  // An action this dashboard has no words for yet reads as its name.
  const said = (action: string) => {
    const id = `audit.${action.replaceAll('.', '_')}`;
    return id in messages ? formatMessage({ id: id as MessageId }) : action.replace(/[._]/g, ' ');
  };
  return (
    <ol className="flex flex-col gap-1 text-sm">
      {entries.map((a) => (
        <li key={a.id} className="flex gap-3">
          <span className="w-44 shrink-0 text-slate-600 dark:text-slate-400">
            {formatDate(a.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
          </span>
          <span>{said(a.action)}</span>
        </li>
      ))}
    </ol>
  );
}
