// Screens as the server has them: the list, kept live by what the dashboard socket pushes, and
// pairing.
//
// The list is read from the database, where presence lands in batches (within 250 ms), while
// the socket says at once when a screen comes or goes. So pushed statuses are kept on their
// own and laid over the list whenever they are at least as recent as its row: a list fetched
// a moment too early can never turn a screen that just came online back to offline.

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
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

export function useDevices() {
  const list = useQuery({
    queryKey: devicesKey,
    queryFn: ({ signal }) => api<Page<Device>>('/api/v1/devices?limit=200', { signal }),
  });
  const live = useQuery<LiveStatuses>({
    queryKey: liveKey,
    queryFn: () => ({}),
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const items = useMemo(
    () => list.data?.items.map((d) => overlay(d, live.data?.[d.id])),
    [list.data, live.data],
  );
  return { ...list, items: items ?? [] };
}

export function rememberStatus(client: QueryClient, event: StatusEvent): void {
  client.setQueryData<LiveStatuses>(liveKey, (all) => ({ ...all, [event.deviceId]: event }));
}

export function addDevice(client: QueryClient, device: Device): void {
  client.setQueryData<Page<Device>>(devicesKey, (page) =>
    page && !page.items.some((d) => d.id === device.id) ? { ...page, items: [device, ...page.items] } : page,
  );
}

export function removeDevice(client: QueryClient, deviceId: string): void {
  client.setQueryData<Page<Device>>(
    devicesKey,
    (page) => page && { ...page, items: page.items.filter((d) => d.id !== deviceId) },
  );
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
    onSuccess: (device) => {
      client.setQueryData([...devicesKey, id], device);
      client.setQueryData<Page<Device>>(
        devicesKey,
        (page) => page && { ...page, items: page.items.map((d) => (d.id === id ? device : d)) },
      );
    },
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
