// Screen groups: named sets of screens that schedules and publishes can target.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Page } from '../api/types';

export interface Group {
  id: string;
  name: string;
  deviceCount: number;
}

export const groupsKey = ['device-groups'] as const;

export function useGroups() {
  return useQuery({
    queryKey: groupsKey,
    queryFn: ({ signal }) => api<Page<Group>>('/api/v1/device-groups?limit=200', { signal }),
  });
}

export function useCreateGroup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api<{ group: Group }>('/api/v1/device-groups', { method: 'POST', body: { name } }).then((r) => r.group),
    onSuccess: () => client.invalidateQueries({ queryKey: groupsKey }),
  });
}
