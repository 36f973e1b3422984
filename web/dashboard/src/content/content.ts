// The content library as the server has it, kept live by content:ready pushes.

import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import { changeCachedLists } from '../api/cached-lists';
import { api } from '../api/http';
import type { Content, ContentType, Page } from '../api/types';

const contentKey = ['content'] as const;

// What the library page asks the server for: it searches and pages there, so a library of
// thousands costs one page of rows, not all of them.
export interface LibraryFilter {
  q: string;
  type: ContentType | '';
  readyOnly?: boolean; // what a playlist can take
}
const searchKey = [...contentKey, 'search'] as const;
export const libraryPageSize = 60;

export function useLibrarySearch(filter: LibraryFilter) {
  return useInfiniteQuery({
    queryKey: [...searchKey, filter.q, filter.type, filter.readyOnly ?? false],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(libraryPageSize) });
      if (filter.q) query.set('q', filter.q);
      if (filter.type) query.set('type', filter.type);
      if (filter.readyOnly) query.set('status', 'ready');
      if (pageParam) query.set('cursor', pageParam);
      return api<Page<Content>>(`/api/v1/content?${query}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The last answer stays on screen while the next search runs: typing never blanks the page.
    placeholderData: keepPreviousData,
  });
}

function changeLists(client: QueryClient, change: (items: Content[]) => Content[]): void {
  changeCachedLists(client, { searchKey }, change);
  client.setQueriesData<Page<Content>>(
    { queryKey: byIdsKey },
    (page) => page && { ...page, items: change(page.items) },
  );
}

export function addContent(client: QueryClient): void {
  // Whether it matches a search is the server's to say: those read again.
  void client.invalidateQueries({ queryKey: searchKey });
}

const replaceIn = (content: Content) => (items: Content[]) =>
  items.map((c) => (c.id === content.id ? content : c));

// content:ready {contentId, uploadStatus}: the item's new state, read again in full.
export function refreshContent(client: QueryClient, contentId: string): void {
  void api<{ content: Content }>(`/api/v1/content/${contentId}`).then(({ content }) =>
    changeLists(client, replaceIn(content)),
  );
}

export function useCreateLinked() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { type: 'webpage' | 'dashboard' | 'data_feed'; title: string; url: string }) =>
      api<{ content: Content }>('/api/v1/content', { method: 'POST', body: input }),
    onSuccess: () => addContent(client),
  });
}

export function useDeleteContent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, force }: { id: string; force: boolean }) =>
      api<void>(`/api/v1/content/${id}${force ? '?force=true' : ''}`, { method: 'DELETE' }),
    onSuccess: (_, { id }) => changeLists(client, (items) => items.filter((c) => c.id !== id)),
  });
}

export function useUpdateContent(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: { title?: string; tags?: string[] }) =>
      api<{ content: Content }>(`/api/v1/content/${id}`, { method: 'PATCH', body: patch }).then(
        (r) => r.content,
      ),
    onSuccess: (content) => changeLists(client, replaceIn(content)),
  });
}

const byIdsKey = [...contentKey, 'ids'] as const;

// The content items `ids` name (a playlist's, what screens play, a report's rows), however
// large the library: asked for by id, at most a page of them.
export function useContentItems(ids: readonly string[]): Map<string, Content> {
  const wanted = [...new Set(ids.filter(Boolean))].sort().slice(0, libraryIdsLimit);
  const found = useQuery({
    queryKey: [...byIdsKey, wanted.join(',')],
    queryFn: ({ signal }) =>
      api<Page<Content>>(`/api/v1/content?limit=${libraryIdsLimit}&ids=${wanted.join(',')}`, { signal }),
    enabled: wanted.length > 0,
    placeholderData: keepPreviousData,
  });
  return useMemo(() => new Map((found.data?.items ?? []).map((c) => [c.id, c])), [found.data]);
}
const libraryIdsLimit = 200;

// Content titles by id, for pages that name what a screen or report refers to.
export function useContentTitles(ids: readonly string[]): Map<string, string> {
  const items = useContentItems(ids);
  return useMemo(() => new Map([...items].map(([id, c]) => [id, c.title])), [items]);
}
