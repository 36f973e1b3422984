// How far something has come, 0 to 100, announced as a progress bar.
export function ProgressBar({
  label,
  percent,
  failed = false,
}: {
  label: string;
  percent: number;
  failed?: boolean;
}) {
  const shown = Math.max(0, Math.min(100, percent));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(shown)}
      className="h-1.5 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
    >
      <div
        className={`h-full transition-[width] ${failed ? 'bg-red-500' : 'bg-indigo-600 dark:bg-indigo-400'}`}
        style={{ width: `${shown}%` }}
      />
    </div>
  );
}
