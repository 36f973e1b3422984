// A channel's posts (the contract's tweets), with the owner's writes to them.

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Page, Tweet } from '../api/types';

export function usePosts(userId: string) {
  return useInfiniteQuery({
    queryKey: ['posts', userId],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Tweet>>(`/api/v2/tweets/user/${userId}?page=${pageParam}&limit=20`, { signal }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.hasNextPage ? last.page + 1 : undefined),
  });
}

export function usePostActions(userId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['posts', userId] });
  const post = useMutation({
    mutationFn: (content: string) => api<Tweet>('/api/v2/tweets', { method: 'POST', body: { content } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<unknown>(`/api/v2/tweets/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return { post, remove };
}
