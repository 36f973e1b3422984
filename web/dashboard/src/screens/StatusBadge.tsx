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
    <span className="inline-flex items-center gap-2 text-sm text-slate-800">
      <span aria-hidden="true" className={`size-2.5 rounded-full ${look.dot}`} />
      {look.label}
    </span>
  );
}
