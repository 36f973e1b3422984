// Video lists and pages through TanStack Query: the home grid and search (infinite pages),
// a channel's videos, the viewer's history and likes, one video, and an upload's creation.

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Page, Video } from '../api/types';

const pageSize = 24;

// Any list of videos, page after page: `path` with its query, without page and limit.
export function useVideoPages(key: readonly unknown[], path: string) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => {
      const separator = path.includes('?') ? '&' : '?';
      return api<Page<Video>>(`${path}${separator}page=${pageParam}&limit=${pageSize}`, { signal });
    },
    initialPageParam: 1,
    getNextPageParam: (last) => (last.hasNextPage ? last.page + 1 : undefined),
  });
}

export type VideoPages = ReturnType<typeof useVideoPages>;

// The published videos: everyone's, a search's or a channel's.
export function useVideoFeed(search: { query?: string; userId?: string }) {
  const params = new URLSearchParams();
  if (search.query) params.set('query', search.query);
  if (search.userId) params.set('userId', search.userId);
  const query = params.toString();
  return useVideoPages(['videos', search], `/api/v2/videos${query ? `?${query}` : ''}`);
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

// One of the caller's own videos while it converts, polled each second until its ladder is
// done (GET /videos/:id/processing: the polls are not views and not watch history).
export function useOwnVideo(id: string) {
  return useQuery({
    queryKey: ['own-video', id],
    queryFn: ({ signal }) => api<Video>(`/api/v2/videos/${encodeURIComponent(id)}/processing`, { signal }),
    refetchInterval: (query) => (isConverting(query.state.data) ? 1000 : false),
  });
}

export function isConverting(video: Video | undefined): boolean {
  const state = video?.processing?.state;
  return state === 'queued' || state === 'running';
}

// A finished tus upload becomes a video (POST /videos with its uploadId).
export function useCreateVideo() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { title: string; description: string; uploadId: string }) =>
      api<Video>('/api/v2/videos', { method: 'POST', body: input }),
    onSuccess: (video) => {
      client.setQueryData(['own-video', video.id], video);
      void client.invalidateQueries({ queryKey: ['videos'] });
      void client.invalidateQueries({ queryKey: ['studio'] });
    },
  });
}
