// VizTube's side of the shared API client (web/shared/api/client.ts): the contract's envelope
// `{statusCode, data, message, success, code?, errors?}` (VIZTUBE-API.md "Conventions"), the
// Origin check standing in for a CSRF token, and one silent refresh of the 15-minute token.

import { ApiError, createApiClient } from '@shared/api/client';

export { ApiError } from '@shared/api/client';

interface Envelope {
  data?: unknown;
  message?: string;
  code?: string;
  errors?: { field?: string; code?: string; message?: string }[];
}

const client = createApiClient({
  refreshPath: '/api/v2/user/refresh-token',
  isAuthPath: (path) =>
    [
      '/api/v2/user/login',
      '/api/v2/user/register',
      '/api/v2/user/refresh-token',
      '/api/v2/user/forgot-password',
      '/api/v2/user/reset-password',
    ].some((p) => path.startsWith(p)),
  errorOf: (status, body) => {
    const envelope = body as Envelope;
    if (!envelope.code) return null;
    const fields = Object.fromEntries(
      (envelope.errors ?? []).filter((e) => e.field).map((e) => [e.field as string, e.message ?? '']),
    );
    return new ApiError(status, envelope.code, envelope.message ?? '', fields);
  },
  unwrap: (body) => (body as Envelope).data,
});

export const api = client.api;
export const whenSignedOut = client.whenSignedOut;
export const refreshSession = client.refreshSession;

// Words for people, not codes: what went wrong and, where it helps, what to do.
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'NETWORK':
      return error.message;
    case 'RATE_LIMITED':
      return 'Too many attempts. Wait a minute, then try again.';
    case 'PAYLOAD_TOO_LARGE':
      return 'That file is too large.';
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'That kind of file is not accepted here.';
    default:
      return error.message || 'Something went wrong. Please try again.';
  }
}

// What the server said about each field of a refused form (the envelope's `errors`), by name.
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? (error.details as Record<string, string>) : {};
}
