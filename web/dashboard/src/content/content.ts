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

export const contentKey = ['content'] as const;

// What the library page asks the server for: it searches and pages there, so a library of
// thousands costs one page of rows, not all of them.
export interface LibraryFilter {
  q: string;
  type: ContentType | '';
}
const searchKey = ['content', 'search'] as const;
export const libraryPageSize = 60;

export function useLibrarySearch(filter: LibraryFilter) {
  return useInfiniteQuery({
    queryKey: [...searchKey, filter.q, filter.type],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(libraryPageSize) });
      if (filter.q) query.set('q', filter.q);
      if (filter.type) query.set('type', filter.type);
      if (pageParam) query.set('cursor', pageParam);
      return api<Page<Content>>(`/api/v1/content?${query}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The last answer stays on screen while the next search runs: typing never blanks the page.
    placeholderData: keepPreviousData,
  });
}

function changeLists(client: QueryClient, change: (items: Content[]) => Content[]): void {
  changeCachedLists(client, { listKey: contentKey, searchKey }, change);
}

export function useContentLibrary() {
  return useQuery({
    queryKey: contentKey,
    queryFn: ({ signal }) => api<Page<Content>>('/api/v1/content?limit=200', { signal }),
  });
}

export function addContent(client: QueryClient, content: Content): void {
  client.setQueryData<Page<Content>>(contentKey, (page) =>
    page && !page.items.some((c) => c.id === content.id)
      ? { ...page, items: [content, ...page.items] }
      : page,
  );
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
    onSuccess: ({ content }) => addContent(client, content),
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

// Content titles by id, for pages that name what a screen or report refers to.
export function useContentTitles(): Map<string, string> {
  const library = useContentLibrary();
  return useMemo(() => new Map((library.data?.items ?? []).map((c) => [c.id, c.title])), [library.data]);
}
