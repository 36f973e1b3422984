// Video lists and pages through TanStack Query: the home grid and search (infinite pages),
// a channel's videos, one video.

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Page, Video } from '../api/types';

const pageSize = 24;

export function useVideoFeed(search: { query?: string; userId?: string }) {
  return useInfiniteQuery({
    queryKey: ['videos', search],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ page: String(pageParam), limit: String(pageSize) });
      if (search.query) params.set('query', search.query);
      if (search.userId) params.set('userId', search.userId);
      return api<Page<Video>>(`/api/v2/videos?${params}`, { signal });
    },
    initialPageParam: 1,
    getNextPageParam: (last) => (last.hasNextPage ? last.page + 1 : undefined),
  });
}

export function useVideo(id: string) {
  return useQuery({
    queryKey: ['video', id],
    // Each GET counts a view (once per viewer per 30 minutes): never refetched behind the
    // viewer's back; likes update this entry from their answers instead.
    queryFn: ({ signal }) => api<Video>(`/api/v2/videos/${encodeURIComponent(id)}`, { signal }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
