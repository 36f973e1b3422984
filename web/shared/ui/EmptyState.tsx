import type { ReactNode } from 'react';

// What a page shows when it has nothing yet: what it is for and the next step.
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center dark:border-slate-700 dark:bg-slate-900">
      <h2 className="text-base font-semibold text-slate-900 dark:text-white">{title}</h2>
      <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">{children}</p>
      {action}
    </div>
  );
}
