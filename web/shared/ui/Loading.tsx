import { useIntl } from 'react-intl';

// A placeholder of the size of what is coming, so the page does not jump when it arrives.
export function Loading({ label, rows = 3 }: { label?: string; rows?: number }) {
  const { formatMessage } = useIntl();
  return (
    <div
      role="status"
      aria-label={label ?? formatMessage({ id: 'ui.loading' })}
      className="flex flex-col gap-2"
    >
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-12 animate-pulse rounded-md bg-slate-200 dark:bg-slate-800" />
      ))}
    </div>
  );
}
