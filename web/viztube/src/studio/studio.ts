// The channel owner's studio through TanStack Query: totals and the daily chart, every video
// in every state, and the writes on them (publish, edit, delete). Each write refreshes the
// studio and the public lists it changes.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Page, Video } from '../api/types';
import { isConverting } from '../videos/videos';

export interface DailyStats {
  date: string; // YYYY-MM-DD, UTC
  views: number;
  likes: number;
  subscribers: number;
}

export interface ChannelStats {
  totalViews: number;
  totalSubscribers: number;
  totalVideos: number;
  totalLikes: number;
  daily: DailyStats[];
}

export const studioPageSize = 20;

export function useChannelStats(days: number) {
  return useQuery({
    queryKey: ['studio', 'stats', days],
    queryFn: ({ signal }) => api<ChannelStats>(`/api/v2/dashboard/stats?days=${days}`, { signal }),
  });
}

export function useStudioVideos(page: number) {
  return useQuery({
    queryKey: ['studio', 'videos', page],
    queryFn: ({ signal }) =>
      api<Page<Video>>(`/api/v2/dashboard/videos?page=${page}&limit=${studioPageSize}`, { signal }),
    placeholderData: (previous) => previous,
    // Conversions under way move on by themselves: the table follows them.
    refetchInterval: (query) => (query.state.data?.docs.some(isConverting) ? 2000 : false),
  });
}

export function useVideoActions() {
  const client = useQueryClient();
  const refresh = (video?: Video) => {
    void client.invalidateQueries({ queryKey: ['studio'] });
    void client.invalidateQueries({ queryKey: ['videos'] });
    if (video) client.removeQueries({ queryKey: ['video', video.id] });
  };
  const togglePublish = useMutation({
    mutationFn: (id: string) =>
      api<Video>(`/api/v2/videos/toggle/publish/${id}`, { method: 'PATCH', body: {} }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({
      id,
      title,
      description,
      thumbnail,
    }: {
      id: string;
      title: string;
      description: string;
      thumbnail: File | null;
    }) => {
      const form = new FormData();
      form.set('title', title);
      form.set('description', description);
      if (thumbnail) form.set('thumbnail', thumbnail);
      return api<Video>(`/api/v2/videos/${id}`, { method: 'PATCH', body: form });
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<unknown>(`/api/v2/videos/${id}`, { method: 'DELETE' }),
    onSuccess: () => refresh(),
  });
  return { togglePublish, update, remove };
}
