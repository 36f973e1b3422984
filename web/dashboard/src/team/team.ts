// The organization's people and its record of who did what (admins).

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

export interface Invitation {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  expiresAt: string;
  expired: boolean;
  createdAt: string;
}

// What inviting answers: the link travels by mail, or (no mail relay) is given to the admin.
export interface SentInvitation {
  invitation: Invitation;
  mailed: boolean;
  acceptUrl?: string;
}

export const invitationsKey = ['invitations'] as const;

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey,
    queryFn: ({ signal }) => api<{ items: Invitation[] }>('/api/v1/invitations', { signal }),
    enabled,
  });
}

export function useInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role; firstName?: string; lastName?: string }) =>
      api<SentInvitation>('/api/v1/invitations', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey }),
  });
}

// A new link replaces the old one, which stops working.
export function useResendInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<SentInvitation>(`/api/v1/invitations/${id}/resend`, { method: 'POST', body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey }),
  });
}

export function useRevokeInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/invitations/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey }),
  });
}

// Without a mail relay the server gives a path; the admin needs the whole address to pass on.
export function absoluteLink(url: string): string {
  return new URL(url, window.location.origin).toString();
}

export function useUpdateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; role?: Role; isActive?: boolean }) =>
      api<{ user: Member }>(`/api/v1/users/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: () => client.invalidateQueries({ queryKey: membersKey }),
  });
}

// The audit trail, newest first, 50 entries at a time from the server.
export function useAuditLog(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['audit-logs'],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      api<Page<AuditEntry>>(`/api/v1/audit-logs?limit=50${pageParam ? `&cursor=${pageParam}` : ''}`, {
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
