// Screens as the server has them: the list, kept live by what the dashboard socket pushes, and
// pairing.
//
// The list is read from the database, where presence lands in batches (within 250 ms), while
// the socket says at once when a screen comes or goes. So pushed statuses are kept on their
// own and laid over the list whenever they are at least as recent as its row: a list fetched
// a moment too early can never turn a screen that just came online back to offline.

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
import type { Device, Page } from '../api/types';

export const devicesKey = ['devices'] as const;
const liveKey = ['device-status'] as const;

export interface StatusEvent {
  deviceId: string;
  status: Device['status'];
  lastHeartbeat?: string | null | undefined;
  currentContent?: Device['currentContent'] | undefined;
}
type LiveStatuses = Record<string, StatusEvent>;

export function overlay(device: Device, live: StatusEvent | undefined): Device {
  if (!live) return device;
  const newer = !device.lastHeartbeat || (live.lastHeartbeat ?? '') >= device.lastHeartbeat;
  if (!newer) return device;
  return {
    ...device,
    status: live.status,
    lastHeartbeat: live.lastHeartbeat ?? device.lastHeartbeat,
    currentContent: live.currentContent === undefined ? device.currentContent : live.currentContent,
  };
}

function useLiveStatuses() {
  return useQuery<LiveStatuses>({
    queryKey: liveKey,
    queryFn: () => ({}),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

export function useDevices() {
  const list = useQuery({
    queryKey: devicesKey,
    queryFn: ({ signal }) => api<Page<Device>>('/api/v1/devices?limit=200', { signal }),
  });
  const live = useLiveStatuses();
  const items = useMemo(
    () => list.data?.items.map((d) => overlay(d, live.data?.[d.id])),
    [list.data, live.data],
  );
  return { ...list, items: items ?? [] };
}

// What the Screens page asks the server for: it searches, filters, sorts and pages there, so a
// fleet of thousands costs a page of rows.
export interface ScreenFilter {
  q: string;
  status: '' | 'online' | 'offline';
  groupId: string;
  sort: 'paired' | 'name' | 'lastSeen';
}
const searchKey = [...devicesKey, 'search'] as const;
export const screensPageSize = 100;

export function useScreenSearch(filter: ScreenFilter) {
  const pages = useInfiniteQuery({
    queryKey: [...searchKey, filter.q, filter.status, filter.groupId, filter.sort],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(screensPageSize), sort: filter.sort });
      if (filter.q) query.set('q', filter.q);
      if (filter.status) query.set('status', filter.status);
      if (filter.groupId) query.set('groupId', filter.groupId);
      if (pageParam) query.set('cursor', pageParam);
      return api<Page<Device>>(`/api/v1/devices?${query}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The last answer stays on screen while the next search runs.
    placeholderData: keepPreviousData,
  });
  const live = useLiveStatuses();
  const items = useMemo(
    () => pages.data?.pages.flatMap((page) => page.items.map((d) => overlay(d, live.data?.[d.id]))) ?? [],
    [pages.data, live.data],
  );
  return { ...pages, items };
}

function changeLists(client: QueryClient, change: (items: Device[]) => Device[]): void {
  changeCachedLists(client, { listKey: devicesKey, searchKey }, change);
}

export function rememberStatus(client: QueryClient, event: StatusEvent): void {
  client.setQueryData<LiveStatuses>(liveKey, (all) => ({ ...all, [event.deviceId]: event }));
}

export function addDevice(client: QueryClient, device: Device): void {
  client.setQueryData<Page<Device>>(devicesKey, (page) =>
    page && !page.items.some((d) => d.id === device.id) ? { ...page, items: [device, ...page.items] } : page,
  );
  // Where it falls in a search is the server's to say: those read again.
  void client.invalidateQueries({ queryKey: searchKey });
}

export function removeDevice(client: QueryClient, deviceId: string): void {
  changeLists(client, (items) => items.filter((d) => d.id !== deviceId));
}

export function replaceDevice(client: QueryClient, device: Device): void {
  client.setQueryData([...devicesKey, device.id], device);
  changeLists(client, (items) => items.map((d) => (d.id === device.id ? device : d)));
}

export function usePairDevice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { code: string; nickname: string }) =>
      api<{ device: Device }>('/api/v1/devices/pairing/complete', { method: 'POST', body: input }),
    onSuccess: ({ device }) => addDevice(client, device),
  });
}

export function useDevice(id: string) {
  return useQuery({
    queryKey: [...devicesKey, id],
    queryFn: ({ signal }) =>
      api<{ device: Device }>(`/api/v1/devices/${id}`, { signal }).then((r) => r.device),
  });
}

export interface DevicePatch {
  nickname?: string;
  location?: string;
  timezone?: string;
  defaultPlaylistId?: string | null;
  groupIds?: string[];
}

export function useUpdateDevice(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: DevicePatch) =>
      api<{ device: Device }>(`/api/v1/devices/${id}`, { method: 'PATCH', body: patch }).then(
        (r) => r.device,
      ),
    onSuccess: (device) => replaceDevice(client, device),
  });
}

export function useUnpairDevice(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/api/v1/devices/${id}`, { method: 'DELETE' }),
    onSuccess: () => removeDevice(client, id),
  });
}

export interface Segment {
  start: string;
  end: string;
  playlistId: string | null;
  source: 'instant' | 'schedule' | 'default' | 'idle';
}

// What each source of a segment is called (message ids), wherever a timeline is drawn.
export const segmentSourceNames = {
  instant: 'timeline.instant',
  schedule: 'timeline.schedule',
  default: 'timeline.default',
  idle: 'timeline.idle',
} as const satisfies Record<Segment['source'], string>;

export function useTimeline(id: string, from: string, to: string) {
  return useQuery({
    queryKey: [...devicesKey, id, 'timeline', from],
    queryFn: ({ signal }) =>
      api<{ timeline: Segment[] }>(`/api/v1/devices/${id}/timeline?from=${from}&to=${to}`, { signal }).then(
        (r) => r.timeline,
      ),
  });
}

// Commands and their results: the answer comes back over /ws/admin (command:result).
export type Command = 'reload' | 'identify' | 'screenshot' | 'clear-cache';
export interface CommandResult {
  commandId: string;
  ok: boolean;
  data: Record<string, unknown> | null;
}
export const commandResultKey = (commandId: string) => ['command-result', commandId] as const;

export function rememberCommandResult(client: QueryClient, result: CommandResult): void {
  client.setQueryData(commandResultKey(result.commandId), result);
}

export function useSendCommand(id: string) {
  return useMutation({
    mutationFn: (command: Command) =>
      api<{ commandId: string }>(`/api/v1/devices/${id}/commands`, { method: 'POST', body: { command } }),
  });
}

export function useCommandResult(commandId: string | null) {
  return useQuery<CommandResult | null>({
    queryKey: commandResultKey(commandId ?? 'none'),
    queryFn: () => null,
    enabled: false,
    initialData: null,
    staleTime: Infinity,
  });
}
