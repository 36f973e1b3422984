// A viewer's actions on a video and its channel: like, subscribe. Each answer updates the
// cached video or channel at once, so the page shows the new state without refetching (a
// refetch of a video would count a view).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { User, Video } from '../api/types';

export interface Channel extends User {
  subscriberCount: number;
  channelsSubscribedToCount: number;
  isSubscribed: boolean;
}

export function useChannel(username: string) {
  return useQuery({
    queryKey: ['channel', username],
    queryFn: ({ signal }) => api<Channel>(`/api/v2/user/c/${encodeURIComponent(username)}`, { signal }),
  });
}

export function useToggleLike(video: Video) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<{ isLiked: boolean }>(`/api/v2/likes/toggle/v/${video.id}`, { method: 'POST', body: {} }),
    onSuccess: ({ isLiked }) =>
      client.setQueryData<Video>(['video', video.id], (v) =>
        v && v.isLiked !== isLiked
          ? { ...v, isLiked, likesCount: (v.likesCount ?? 0) + (isLiked ? 1 : -1) }
          : v,
      ),
  });
}

export function useToggleSubscription(channel: Channel) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<{ isSubscribed: boolean }>(`/api/v2/subscriptions/c/${channel.id}`, { method: 'POST', body: {} }),
    onSuccess: ({ isSubscribed }) =>
      client.setQueryData<Channel>(['channel', channel.username], (c) =>
        c && c.isSubscribed !== isSubscribed
          ? { ...c, isSubscribed, subscriberCount: c.subscriberCount + (isSubscribed ? 1 : -1) }
          : c,
      ),
  });
}
