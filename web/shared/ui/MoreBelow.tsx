import { useCallback, useEffect, useRef } from 'react';
import { FormattedMessage } from 'react-intl';
import { Button } from './Button';

// Reads the next page when the end of the list comes into view (and offers a button, for
// keyboards and browsers without IntersectionObserver).
export function MoreBelow({ onMore, busy }: { onMore: () => void; busy: boolean }) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = sentinel.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const watcher = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onMore();
    });
    watcher.observe(element);
    return () => watcher.disconnect();
  }, [onMore]);
  return (
    <div ref={sentinel} className="flex justify-center">
      <Button variant="secondary" busy={busy} onClick={onMore}>
        <FormattedMessage id="ui.showMore" />
      </Button>
    </div>
  );
}

// One stable "read the next page" for MoreBelow's watcher, reading the query's latest state
// when it fires (an infinite query's hasNextPage, isFetchingNextPage and fetchNextPage).
export function useShowMore(query: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}): () => void {
  const latest = useRef(query);
  latest.current = query;
  return useCallback(() => {
    const { hasNextPage, isFetchingNextPage, fetchNextPage } = latest.current;
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, []);
}
