// Who is signed in: GET /api/v1/auth/me, cached by TanStack Query under one key. Signing in,
// up or out replaces that entry, so every page sees the change at once.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api/http';
import type { Role, Session } from '../api/types';

export const sessionKey = ['session'] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    return await api<Session>('/api/v1/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

// The session of a page inside the signed-in frame (which renders only once there is one).
export function useCurrentSession(): Session {
  const session = useSession().data;
  if (!session) throw new Error('useCurrentSession outside the signed-in frame');
  return session;
}

export interface SignUpInput {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  organizationName: string;
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      api<Session>('/api/v1/auth/login', { method: 'POST', body: input }),
    onSuccess: (session) => client.setQueryData(sessionKey, session),
  });
}

// The zone this browser keeps: the new organization counts its days in it (admins change it).
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function useSignUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SignUpInput) =>
      api<Session>('/api/v1/auth/register', {
        method: 'POST',
        body: { ...input, timezone: browserTimeZone() },
      }),
    onSuccess: (session) => client.setQueryData(sessionKey, session),
  });
}

// Always accepted: the answer never says whether the address is a user's.
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (input: { email: string }) =>
      api<{ status: string }>('/api/v1/auth/password-reset', { method: 'POST', body: input }),
  });
}

// The mailed link's token and a new password; every session of the account ends.
export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      api<void>('/api/v1/auth/password-reset/confirm', { method: 'POST', body: input }),
  });
}

export interface InvitationPreview {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  organizationName: string;
  invitedByName: string;
  expired: boolean;
}

// What an invitation link is for, shown before the invited person chooses a password.
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) =>
      api<{ invitation: InvitationPreview }>(`/api/v1/auth/invitation?token=${encodeURIComponent(token)}`, {
        signal,
      }),
    enabled: token !== '',
    retry: false,
  });
}

// Joins the organization and signs in as the new account.
export function useAcceptInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { token: string; password: string; firstName: string; lastName: string }) =>
      api<Session>('/api/v1/auth/invitation/accept', { method: 'POST', body: input }),
    onSuccess: (session) => client.setQueryData(sessionKey, session),
  });
}

// Another link to confirm the caller's address.
export function useResendVerification() {
  return useMutation({
    mutationFn: () =>
      api<{ status: string }>('/api/v1/auth/verify-email/resend', { method: 'POST', body: {} }),
  });
}

// The mailed link's token: the address is confirmed, and the session says so.
export function useVerifyEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      api<{ emailVerified: boolean }>('/api/v1/auth/verify-email', {
        method: 'POST',
        body: { token },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKey }),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/v1/auth/logout', { method: 'POST', body: {} }),
    onSettled: () => {
      // Nothing of this account stays in memory; the session entry stays (pages observe it).
      client.setQueryData(sessionKey, null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
    },
  });
}
