// The content library as the server has it, kept live by content:ready pushes.

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/http';
import type { Content, Page } from '../api/types';

export const contentKey = ['content'] as const;

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
}

// content:ready {contentId, uploadStatus}: the item's new state, read again in full.
export function refreshContent(client: QueryClient, contentId: string): void {
  void api<{ content: Content }>(`/api/v1/content/${contentId}`).then(({ content }) =>
    client.setQueryData<Page<Content>>(
      contentKey,
      (page) => page && { ...page, items: page.items.map((c) => (c.id === content.id ? content : c)) },
    ),
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
    onSuccess: (_, { id }) =>
      client.setQueryData<Page<Content>>(
        contentKey,
        (page) => page && { ...page, items: page.items.filter((c) => c.id !== id) },
      ),
  });
}

export function useUpdateContent(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: { title?: string; tags?: string[] }) =>
      api<{ content: Content }>(`/api/v1/content/${id}`, { method: 'PATCH', body: patch }).then(
        (r) => r.content,
      ),
    onSuccess: (content) =>
      client.setQueryData<Page<Content>>(
        contentKey,
        (page) => page && { ...page, items: page.items.map((c) => (c.id === content.id ? content : c)) },
      ),
  });
}

// Content titles by id, for pages that name what a screen or report refers to.
export function useContentTitles(): Map<string, string> {
  const library = useContentLibrary();
  return useMemo(() => new Map((library.data?.items ?? []).map((c) => [c.id, c.title])), [library.data]);
}
