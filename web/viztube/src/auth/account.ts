// The signed-in user's own account: name and email, avatar and cover, password. Each answer
// (the user) replaces the session's entry, so the header and pages show it at once; the
// channel pages that show the old pictures are refetched.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import type { User } from '../api/types';
import { sessionKey } from './session';

export function useAccountActions() {
  const client = useQueryClient();
  const replace = (user: User) => {
    client.setQueryData(sessionKey, user);
    void client.invalidateQueries({ queryKey: ['channel', user.username] });
  };
  const update = useMutation({
    mutationFn: (input: { fullname: string; email: string }) =>
      api<User>('/api/v2/user/update-account', { method: 'PATCH', body: input }),
    onSuccess: replace,
  });
  const picture = useMutation({
    mutationFn: ({ kind, file }: { kind: 'avatar' | 'coverImage'; file: File }) => {
      const form = new FormData();
      form.set(kind, file);
      const path = kind === 'avatar' ? 'update-avatar' : 'update-cover-image';
      return api<User>(`/api/v2/user/${path}`, { method: 'PATCH', body: form });
    },
    onSuccess: replace,
  });
  const password = useMutation({
    mutationFn: (input: { oldPassword: string; newPassword: string }) =>
      api<unknown>('/api/v2/user/change-password', { method: 'POST', body: input }),
  });
  // Another link to confirm the address.
  const confirmEmail = useMutation({
    mutationFn: () => api<unknown>('/api/v2/user/resend-verification', { method: 'POST', body: {} }),
  });
  return { update, picture, password, confirmEmail };
}
