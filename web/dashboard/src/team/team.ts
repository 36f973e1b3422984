// The organization's people and its record of who did what (admins).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { Page, Role, User } from '../api/types';

export interface Member extends User {
  isActive: boolean;
  lastLoginAt: string | null;
}

export interface AuditEntry {
  id: string;
  userId: string | null;
  action: string;
  entityType: string | null;
  createdAt: string;
}

export const membersKey = ['users'] as const;

export function useMembers() {
  return useQuery({
    queryKey: membersKey,
    queryFn: ({ signal }) => api<Page<Member>>('/api/v1/users?limit=200', { signal }),
  });
}

export function useAddMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      email: string;
      firstName: string;
      lastName: string;
      role: Role;
      password: string;
    }) => api<{ user: Member }>('/api/v1/users', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: membersKey }),
  });
}

export function useUpdateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; role?: Role; isActive?: boolean }) =>
      api<{ user: Member }>(`/api/v1/users/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: () => client.invalidateQueries({ queryKey: membersKey }),
  });
}

export function useAuditLog(enabled: boolean) {
  return useQuery({
    queryKey: ['audit-logs'],
    queryFn: ({ signal }) => api<Page<AuditEntry>>('/api/v1/audit-logs?limit=50', { signal }),
    enabled,
  });
}
