import { FormattedMessage, useIntl } from 'react-intl';
import type { Device } from '../api/types';

const looks = {
  online: { label: 'status.online', dot: 'bg-emerald-500' },
  offline: { label: 'status.offline', dot: 'bg-slate-400' },
  pairing: { label: 'status.pairing', dot: 'bg-amber-500' },
} as const satisfies Record<Device['status'], { label: string; dot: string }>;

// Colour is never the only signal: the word is always there.
export function StatusBadge({ status }: { status: Device['status'] }) {
  const look = looks[status];
  return (
    <span className="inline-flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
      <span aria-hidden="true" className={`size-2.5 rounded-full ${look.dot}`} />
      <FormattedMessage id={look.label} />
    </span>
  );
}

// A screen beyond the plan's screens (issue 23): it says why it shows nothing new, and where
// to lift it.
export function HeldBadge() {
  const { formatMessage } = useIntl();
  return (
    <span
      className="ml-2 inline-flex items-center rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100"
      title={formatMessage({ id: 'status.heldWhy' })}
    >
      <FormattedMessage id="status.held" />
    </span>
  );
}
