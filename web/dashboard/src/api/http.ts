// The dashboard's side of the shared API client (web/shared/api/client.ts): API.md's error
// envelope `{error: {code, message, details}}`, the double-submit CSRF cookie, and one silent
// refresh when the 15-minute access token has run out.

import { ApiError, createApiClient } from '@shared/api/client';
import { intl } from '@shared/i18n/intl';

export { ApiError } from '@shared/api/client';
export type { RequestOptions } from '@shared/api/client';

const client = createApiClient({
  refreshPath: '/api/v1/auth/refresh',
  isAuthPath: (path) => path.startsWith('/api/v1/auth/'),
  csrfCookie: 'vizora_csrf',
  errorOf: (status, body) => {
    const error = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
      .error;
    if (!error?.code) return null;
    return new ApiError(status, error.code, error.message ?? '', error.details ?? {});
  },
});

export const api = client.api;
export const whenSignedOut = client.whenSignedOut;
export const csrfToken = client.csrfToken;

// Words for people, not codes: what went wrong and, where it helps, what to do, in the reader's
// language. Codes without words of their own show the server's (English) message.
const errorMessages = {
  NETWORK: 'error.network',
  UPLOAD_INTERRUPTED: 'error.uploadInterrupted',
  AUTH_001: 'error.auth001',
  AUTH_005: 'error.auth005',
  AUTH_006: 'error.auth006',
  AUTH_007: 'error.auth007',
  AUTHZ_001: 'error.forbidden',
  AUTHZ_002: 'error.forbidden',
  AUTHZ_003: 'error.forbidden',
  NOT_FOUND: 'error.notFound',
  NOTIFY_001: 'error.notify001',
  RATE_LIMIT: 'error.rateLimit',
  DEVICE_001: 'error.device001',
  DEVICE_003: 'error.device003',
  CONTENT_002: 'error.content002',
  CONTENT_003: 'error.content003',
  BILLING_001: 'error.billing001',
  BILLING_002: 'error.billing002',
  BILLING_003: 'error.billing003',
} as const;

export function describeError(error: unknown): string {
  const { formatMessage } = intl();
  if (!(error instanceof ApiError)) return formatMessage({ id: 'error.unknown' });
  const id = errorMessages[error.code as keyof typeof errorMessages];
  if (id) return formatMessage({ id });
  return error.message || formatMessage({ id: 'error.unknown' });
}
