// What the Screens page does to many screens at once: a command (one request for all), moving
// them to a group and unpairing them (a request each, a few at a time, so a thousand chosen
// screens never open a thousand connections).

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Device } from '../api/types';
import { groupsKey } from './groups';
import { removeDevice, replaceDevice, type Command } from './devices';

const AT_ONCE = 6;

// Runs `work` over `items`, at most AT_ONCE at a time; resolves with how many failed, and
// rejects with the first failure only when all of them failed.
export async function eachAtMost<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  let failed = 0;
  let firstError: unknown = null;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (e) {
        failed++;
        firstError ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, lane));
  if (items.length > 0 && failed === items.length) throw firstError;
  return failed;
}

export function useBulkCommand() {
  return useMutation({
    mutationFn: ({ command, deviceIds }: { command: Command; deviceIds: string[] }) =>
      api<{ commandId: string; devices: number }>('/api/v1/devices/commands', {
        method: 'POST',
        body: { command, deviceIds },
      }),
  });
}

// Each screen ends up in `groupId` only (a screen's groups are a set; moving replaces them).
export function useMoveToGroup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ deviceIds, groupId }: { deviceIds: string[]; groupId: string }) =>
      eachAtMost(deviceIds, async (id) => {
        const { device } = await api<{ device: Device }>(`/api/v1/devices/${id}`, {
          method: 'PATCH',
          body: { groupIds: [groupId] },
        });
        replaceDevice(client, device);
      }),
    onSettled: () => client.invalidateQueries({ queryKey: groupsKey }),
  });
}

export function useUnpairMany() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deviceIds: string[]) =>
      eachAtMost(deviceIds, async (id) => {
        await api<void>(`/api/v1/devices/${id}`, { method: 'DELETE' });
        removeDevice(client, id);
      }),
    onSettled: () => client.invalidateQueries({ queryKey: groupsKey }),
  });
}
