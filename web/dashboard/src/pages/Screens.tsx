import { Plus } from 'lucide-react';
import { useDeferredValue, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { useContentTitles } from '../content/content';
import { BulkBar } from '../screens/BulkBar';
import { PairDialog } from '../screens/PairDialog';
import { HeldBadge, StatusBadge } from '../screens/StatusBadge';
import { useScreenSearch, type ScreenFilter } from '../screens/devices';
import { useGroups } from '../screens/groups';
import { intl } from '@shared/i18n/intl';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { EmptyState } from '@shared/ui/EmptyState';
import { Loading } from '@shared/ui/Loading';
import { MoreBelow, useShowMore } from '@shared/ui/MoreBelow';

const controlClass =
  'min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm';
const sortNames = {
  paired: 'screens.sortPaired',
  name: 'screens.sortName',
  lastSeen: 'screens.sortLastSeen',
} as const satisfies Record<ScreenFilter['sort'], string>;

function seen(lastHeartbeat: string | null): string {
  const { formatMessage, formatRelativeTime, formatDate } = intl();
  if (!lastHeartbeat) return formatMessage({ id: 'screens.never' });
  const seconds = Math.round((Date.now() - Date.parse(lastHeartbeat)) / 1000);
  if (seconds < 60) return formatMessage({ id: 'screens.justNow' });
  if (seconds < 3600) return formatRelativeTime(-Math.round(seconds / 60), 'minute');
  return formatDate(lastHeartbeat, { dateStyle: 'medium', timeStyle: 'short' });
}

// The screens of the organization, live (the dashboard socket updates their status), searched,
// filtered, sorted and paged by the server; chosen ones get bulk actions. The pair dialog
// opens from the button, ?pair=1, or the QR link /pair?code=ABC123.
export function Screens() {
  const { formatMessage } = useIntl();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<ScreenFilter['status']>('');
  const [groupId, setGroupId] = useState('');
  const [sort, setSort] = useState<ScreenFilter['sort']>('paired');
  // Searched on every edit (a stale search is cancelled), the input drawn first.
  const q = useDeferredValue(query.trim());
  const devices = useScreenSearch({ q, status, groupId, sort });
  const groups = useGroups();
  const showMore = useShowMore(devices);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const pairing = params.has('pair') || code !== '';
  const setPairing = (open: boolean) => setParams(open ? { pair: '1' } : {}, { replace: true });
  const items = devices.items;
  const titles = useContentTitles(items.map((d) => d.currentContent?.contentId ?? ''));
  const filtered = q !== '' || status !== '' || groupId !== '';
  const empty = !devices.isPending && !filtered && items.length === 0;
  // Only screens still listed can be chosen: a search or an unpair drops the others.
  const shownIds = new Set(items.map((d) => d.id));
  const selected = [...chosen].filter((id) => shownIds.has(id));
  const allChosen = items.length > 0 && selected.length === items.length;
  const choose = (id: string, on: boolean) =>
    setChosen((was) => {
      const next = new Set(was);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">
          <FormattedMessage id="screens.title" />
        </h1>
        <Button onClick={() => setPairing(true)}>
          <Plus aria-hidden="true" size={16} /> <FormattedMessage id="pair.title" />
        </Button>
      </div>
      {devices.error && <Alert>{describeError(devices.error)}</Alert>}
      {!empty && (
        <div className="flex flex-wrap gap-3">
          <input
            type="search"
            aria-label={formatMessage({ id: 'screens.search' })}
            placeholder={formatMessage({ id: 'screens.searchHint' })}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className={`${controlClass} flex-1`}
          />
          <select
            aria-label={formatMessage({ id: 'screens.status' })}
            value={status}
            onChange={(e) => setStatus(e.target.value as ScreenFilter['status'])}
            className={controlClass}
          >
            <option value="">{formatMessage({ id: 'screens.anyStatus' })}</option>
            <option value="online">{formatMessage({ id: 'status.online' })}</option>
            <option value="offline">{formatMessage({ id: 'status.offline' })}</option>
          </select>
          <select
            aria-label={formatMessage({ id: 'screens.group' })}
            value={groupId}
            onChange={(e) => setGroupId(e.target.value)}
            className={controlClass}
          >
            <option value="">{formatMessage({ id: 'screens.allGroups' })}</option>
            {(groups.data?.items ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
          <select
            aria-label={formatMessage({ id: 'screens.sortBy' })}
            value={sort}
            onChange={(e) => setSort(e.target.value as ScreenFilter['sort'])}
            className={controlClass}
          >
            {Object.entries(sortNames).map(([value, name]) => (
              <option key={value} value={value}>
                {formatMessage({ id: name })}
              </option>
            ))}
          </select>
        </div>
      )}
      {!empty && items.length > 0 && <BulkBar selected={selected} onDone={() => setChosen(new Set())} />}
      {devices.isPending ? (
        <Loading label={formatMessage({ id: 'screens.loading' })} />
      ) : empty ? (
        <EmptyState
          title={formatMessage({ id: 'screens.noneTitle' })}
          action={
            <Button onClick={() => setPairing(true)}>
              <FormattedMessage id="pair.title" />
            </Button>
          }
        >
          <FormattedMessage id="screens.none" />
        </EmptyState>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <FormattedMessage id="screens.noMatch" />
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">
              <FormattedMessage id="screens.caption" />
            </caption>
            <thead className="border-b border-slate-200 dark:border-slate-700 bg-slate-50 dark:bg-slate-800 text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="w-10 px-4 py-3">
                  <input
                    type="checkbox"
                    aria-label={formatMessage({ id: 'screens.chooseAll' })}
                    checked={allChosen}
                    onChange={(e) => setChosen(e.target.checked ? new Set(shownIds) : new Set())}
                  />
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  <FormattedMessage id="screens.colName" />
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  <FormattedMessage id="screens.colStatus" />
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  <FormattedMessage id="screens.colPlaying" />
                </th>
                <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">
                  <FormattedMessage id="screens.colLocation" />
                </th>
                <th scope="col" className="hidden px-4 py-3 font-medium md:table-cell">
                  <FormattedMessage id="screens.colLastSeen" />
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} className="border-b border-slate-100 dark:border-slate-800 last:border-0">
                  <td className="px-4 py-3">
                    <input
                      type="checkbox"
                      aria-label={formatMessage({ id: 'screens.choose' }, { name: d.nickname })}
                      checked={chosen.has(d.id)}
                      onChange={(e) => choose(d.id, e.target.checked)}
                    />
                  </td>
                  <th scope="row" className="px-4 py-3 font-medium text-slate-900 dark:text-slate-100">
                    <Link to={`/screens/${d.id}`} className="underline-offset-2 hover:underline">
                      {d.nickname}
                    </Link>
                  </th>
                  <td className="px-4 py-3">
                    <StatusBadge status={d.status} />
                    {d.held && <HeldBadge />}
                  </td>
                  <td className="px-4 py-3 text-slate-700 dark:text-slate-300">
                    {d.status === 'online' && d.currentContent?.contentId
                      ? (titles.get(d.currentContent.contentId) ?? formatMessage({ id: 'screens.content' }))
                      : '—'}
                  </td>
                  <td className="hidden px-4 py-3 text-slate-700 dark:text-slate-300 sm:table-cell">
                    {d.location || '—'}
                  </td>
                  <td className="hidden px-4 py-3 text-slate-700 dark:text-slate-300 md:table-cell">
                    {seen(d.lastHeartbeat)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.length > 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {formatMessage(
            { id: devices.hasNextPage ? 'screens.shownFirst' : 'list.shown' },
            { count: items.length },
          )}
        </p>
      )}
      {devices.hasNextPage && <MoreBelow onMore={showMore} busy={devices.isFetchingNextPage} />}
      <PairDialog open={pairing} onOpenChange={setPairing} code={code} />
    </div>
  );
}
