// Playlists through TanStack Query: a user's, one with its videos in order, and the owner's
// writes (create, delete, add a video, take one out).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Page, Playlist } from '../api/types';

// A user's playlists, all of them (a channel has few): up to the contract's 100 a page.
export function usePlaylists(userId: string | undefined) {
  return useQuery({
    queryKey: ['playlists', userId],
    queryFn: ({ signal }) => api<Page<Playlist>>(`/api/v2/playlist/user/${userId}?limit=100`, { signal }),
    enabled: Boolean(userId),
  });
}

export function usePlaylist(id: string) {
  return useQuery({
    queryKey: ['playlist', id],
    queryFn: ({ signal }) => api<Playlist>(`/api/v2/playlist/${encodeURIComponent(id)}`, { signal }),
  });
}

export function usePlaylistActions() {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['playlists'] });
    void client.invalidateQueries({ queryKey: ['playlist'] });
  };
  const create = useMutation({
    mutationFn: (input: { name: string; description: string }) =>
      api<Playlist>('/api/v2/playlist', { method: 'POST', body: input }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<unknown>(`/api/v2/playlist/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const addVideo = useMutation({
    mutationFn: ({ playlistId, videoId }: { playlistId: string; videoId: string }) =>
      api<Playlist>(`/api/v2/playlist/${playlistId}/${videoId}`, { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  const removeVideo = useMutation({
    mutationFn: ({ playlistId, videoId }: { playlistId: string; videoId: string }) =>
      api<Playlist>(`/api/v2/playlist/${playlistId}/${videoId}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return { create, remove, addVideo, removeVideo };
}
