import type { Device } from '../api/types';

const looks: Record<Device['status'], { label: string; dot: string }> = {
  online: { label: 'Online', dot: 'bg-emerald-500' },
  offline: { label: 'Offline', dot: 'bg-slate-400' },
  pairing: { label: 'Pairing', dot: 'bg-amber-500' },
};

// Colour is never the only signal: the word is always there.
export function StatusBadge({ status }: { status: Device['status'] }) {
  const look = looks[status];
  return (
    <span className="inline-flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
      <span aria-hidden="true" className={`size-2.5 rounded-full ${look.dot}`} />
      {look.label}
    </span>
  );
}

// A screen beyond the plan's screens (issue 23): it says why it shows nothing new, and where
// to lift it.
export function HeldBadge() {
  return (
    <span
      className="ml-2 inline-flex items-center rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100"
      title="Beyond your plan's screens: it keeps playing what it has but gets nothing new. See Plan and billing."
    >
      Held: over plan
    </span>
  );
}
