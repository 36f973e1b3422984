// Playlists as the server has them, and publishing one to screens at once.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/http';
import type { Page, Playlist, PlaylistItem } from '../api/types';
import { intl } from '@shared/i18n/intl';

export const playlistsKey = ['playlists'] as const;

export function usePlaylists() {
  return useQuery({
    queryKey: playlistsKey,
    queryFn: ({ signal }) => api<Page<Playlist>>('/api/v1/playlists?limit=200', { signal }),
  });
}

export function usePlaylist(id: string) {
  return useQuery({
    queryKey: [...playlistsKey, id],
    queryFn: ({ signal }) =>
      api<{ playlist: Playlist }>(`/api/v1/playlists/${id}`, { signal }).then((r) => r.playlist),
  });
}

export interface PlaylistDraft {
  name: string;
  items: PlaylistItem[];
}

export function useSavePlaylist(id: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draft: PlaylistDraft) =>
      api<{ playlist: Playlist }>(id ? `/api/v1/playlists/${id}` : '/api/v1/playlists', {
        method: id ? 'PATCH' : 'POST',
        body: draft,
      }).then((r) => r.playlist),
    onSuccess: (playlist) => {
      client.setQueryData([...playlistsKey, playlist.id], playlist);
      void client.invalidateQueries({ queryKey: playlistsKey, exact: true });
    },
  });
}

export interface PublishInput {
  allDevices?: boolean;
  deviceIds?: string[];
  groupIds?: string[];
  durationMinutes?: number;
}

export function usePublish(playlistId: string) {
  const client = useQueryClient();
  return useMutation({
    onSuccess: () => client.invalidateQueries({ queryKey: publishesKey }),
    mutationFn: (input: PublishInput) =>
      api<{ instantPublish: { id: string } }>(`/api/v1/playlists/${playlistId}/instant-publish`, {
        method: 'POST',
        body: input,
      }),
  });
}

// "1 min 30 s", "45 s", "2 h 5 min": how long a playlist takes to play once.
// "1 h 5 min 30 s", in the reader's language's units.
export function formatDuration(seconds: number): string {
  const { formatNumber } = intl();
  const unit = (n: number, name: string) =>
    formatNumber(n, { style: 'unit', unit: name, unitDisplay: 'narrow' });
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return [h ? unit(h, 'hour') : '', m ? unit(m, 'minute') : '', s || (!h && !m) ? unit(s, 'second') : '']
    .filter(Boolean)
    .join(' ');
}

export interface InstantPublish {
  id: string;
  playlistId: string;
  deviceIds: string[];
  allDevices: boolean;
  startsAt: string;
  expiresAt: string | null;
}

export const publishesKey = ['instant-publishes'] as const;

export function useActivePublishes() {
  return useQuery({
    queryKey: publishesKey,
    queryFn: ({ signal }) => api<Page<InstantPublish>>('/api/v1/instant-publishes?active=true', { signal }),
  });
}

export function useEndPublish() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/instant-publishes/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: publishesKey }),
  });
}

// Playlist names by id, for pages that name what a screen plays.
export function usePlaylistNames(): Map<string, string> {
  const playlists = usePlaylists();
  return useMemo(() => new Map((playlists.data?.items ?? []).map((p) => [p.id, p.name])), [playlists.data]);
}
