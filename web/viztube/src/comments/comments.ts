// A video's comments through TanStack Query: pages newest first, and the writes that change
// them (post, edit, delete), each refetching the pages it touched.

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Comment, Page } from '../api/types';

const pageSize = 20;
const keyOf = (videoId: string) => ['comments', videoId] as const;

export function useComments(videoId: string) {
  return useInfiniteQuery({
    queryKey: keyOf(videoId),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Comment>>(
        `/api/v2/comments/${encodeURIComponent(videoId)}?page=${pageParam}&limit=${pageSize}`,
        { signal },
      ),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.hasNextPage ? last.page + 1 : undefined),
  });
}

export function useCommentActions(videoId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: keyOf(videoId) });
  const post = useMutation({
    mutationFn: (content: string) =>
      api<Comment>(`/api/v2/comments/${encodeURIComponent(videoId)}`, {
        method: 'POST',
        body: { content },
      }),
    onSuccess: refresh,
  });
  const edit = useMutation({
    mutationFn: ({ id, content }: { id: string; content: string }) =>
      api<Comment>(`/api/v2/comments/c/${id}`, { method: 'PATCH', body: { content } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<unknown>(`/api/v2/comments/c/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return { post, edit, remove };
}
