// Who is signed in: GET /api/v2/user/current-user-details, cached under one key. Signing in,
// up or out replaces that entry, so every part of the page sees the change at once.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError } from '../api/http';
import type { User } from '../api/types';

export const sessionKey = ['session'] as const;

async function fetchSession(): Promise<User | null> {
  try {
    return await api<User>('/api/v2/user/current-user-details');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

// Runs a viewer's action (like, subscribe), or first sends them to sign in and back here.
export function useSignedInAction(): (action: () => void) => void {
  const session = useSession();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  return (action) => (session.data ? action() : navigate('/sign-in', { state: { from: pathname + search } }));
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    // One field takes an email or a username, as the contract's login does.
    mutationFn: ({ login, password }: { login: string; password: string }) =>
      api<{ user: User }>('/api/v2/user/login', {
        method: 'POST',
        body: login.includes('@') ? { email: login, password } : { username: login, password },
      }),
    onSuccess: ({ user }) => {
      client.setQueryData(sessionKey, user);
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
  });
}

export interface SignUpInput {
  fullname: string;
  email: string;
  username: string;
  password: string;
  avatar: File;
}

export function useSignUp() {
  const signIn = useSignIn();
  return useMutation({
    mutationFn: async (input: SignUpInput) => {
      const form = new FormData();
      form.set('fullname', input.fullname);
      form.set('email', input.email);
      form.set('username', input.username);
      form.set('password', input.password);
      form.set('avatar', input.avatar);
      await api<User>('/api/v2/user/register', { method: 'POST', body: form });
      // Registering makes the account; signing in opens the session.
      await signIn.mutateAsync({ login: input.username, password: input.password });
    },
  });
}

// Always accepted: the answer never says whether the address is a user's.
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (input: { email: string }) =>
      api<unknown>('/api/v2/user/forgot-password', { method: 'POST', body: input }),
  });
}

// The mailed link's token and a new password; every session of the account ends.
export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { token: string; newPassword: string }) =>
      api<unknown>('/api/v2/user/reset-password', { method: 'POST', body: input }),
  });
}

// The mailed link's token: the address is confirmed, and the session's user says so.
export function useVerifyEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      api<unknown>('/api/v2/user/verify-email', { method: 'POST', body: { token } }),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKey }),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/v2/user/logout', { method: 'POST', body: {} }),
    onSettled: () => {
      client.setQueryData(sessionKey, null);
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
  });
}
