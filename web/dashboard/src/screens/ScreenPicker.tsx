import { useDeferredValue, useState } from 'react';
import { useIntl } from 'react-intl';
import { CheckboxList } from '@shared/ui/CheckboxList';
import { MoreBelow, useShowMore } from '@shared/ui/MoreBelow';
import { useScreenSearch } from './devices';

// Choose screens from a fleet of any size: the server searches and pages them by name, and
// screens chosen stay chosen while another search shows others.
export function ScreenPicker({
  chosen,
  onChange,
  className,
}: {
  chosen: string[];
  onChange: (chosen: string[]) => void;
  className?: string;
}) {
  const { formatMessage } = useIntl();
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query.trim());
  const screens = useScreenSearch({ q, status: '', groupId: '', sort: 'name' });
  const showMore = useShowMore(screens);
  const shown = new Set(screens.items.map((d) => d.id));
  const hidden = chosen.filter((id) => !shown.has(id));
  return (
    <div className={`flex flex-col gap-2 ${className ?? ''}`}>
      <input
        type="search"
        aria-label={formatMessage({ id: 'picker.search' })}
        placeholder={formatMessage({ id: 'screens.searchHint' })}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
      />
      <div className="max-h-60 overflow-y-auto">
        <CheckboxList
          options={screens.items.map((d) => ({ id: d.id, label: d.nickname }))}
          chosen={chosen.filter((id) => shown.has(id))}
          onChange={(visible) => onChange([...hidden, ...visible])}
        />
        {screens.hasNextPage && <MoreBelow onMore={showMore} busy={screens.isFetchingNextPage} />}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
        {formatMessage({ id: 'bulk.chosenCount' }, { count: chosen.length })}
      </p>
    </div>
  );
}
