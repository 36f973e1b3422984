import { Plus } from 'lucide-react';
import { Link } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { formatDuration, usePlaylists } from '../playlists/playlists';
import { Alert } from '@shared/ui/Alert';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';

const newLink =
  'inline-flex min-h-10 items-center gap-2 rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700';

export function Playlists() {
  const playlists = usePlaylists();
  const { formatMessage } = useIntl();
  const items = playlists.data?.items ?? [];
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">
          <FormattedMessage id="playlists.title" />
        </h1>
        <Link to="/playlists/new" className={newLink}>
          <Plus aria-hidden="true" size={16} /> <FormattedMessage id="playlists.new" />
        </Link>
      </div>
      {playlists.error && <Alert>{describeError(playlists.error)}</Alert>}
      {playlists.isPending ? (
        <Loading label={formatMessage({ id: 'playlists.loading' })} />
      ) : items.length === 0 ? (
        <EmptyState
          title={formatMessage({ id: 'playlists.emptyTitle' })}
          action={
            <Link to="/playlists/new" className={newLink}>
              <FormattedMessage id="playlists.new" />
            </Link>
          }
        >
          <FormattedMessage id="playlists.empty" />
        </EmptyState>
      ) : (
        <ul
          aria-label={formatMessage({ id: 'playlists.title' })}
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900"
        >
          {items.map((p) => (
            <li key={p.id}>
              <Link
                to={`/playlists/${p.id}`}
                className="flex items-center justify-between gap-4 px-4 py-3 hover:bg-slate-50 dark:hover:bg-slate-800"
              >
                <span className="font-medium text-slate-900 dark:text-slate-100">{p.name}</span>
                <span className="text-sm text-slate-600 dark:text-slate-400">
                  <FormattedMessage
                    id="playlists.summary"
                    values={{ count: p.items.length, duration: formatDuration(p.totalDuration) }}
                  />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
