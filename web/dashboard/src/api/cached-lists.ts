// Edits of what the cache holds of a kind of item, so a change shows everywhere at once: the
// first page other pages read (`listKey`, if the kind has one) and each paged search of the
// kind (`searchKey`).

import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import type { Page } from './types';

export function changeCachedLists<T>(
  client: QueryClient,
  keys: { listKey?: QueryKey; searchKey: QueryKey },
  change: (items: T[]) => T[],
): void {
  if (keys.listKey) {
    client.setQueryData<Page<T>>(keys.listKey, (page) => page && { ...page, items: change(page.items) });
  }
  client.setQueriesData<InfiniteData<Page<T>>>(
    { queryKey: keys.searchKey },
    (data) => data && { ...data, pages: data.pages.map((page) => ({ ...page, items: change(page.items) })) },
  );
}
