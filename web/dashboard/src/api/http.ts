// The dashboard's side of the shared API client (web/shared/api/client.ts): API.md's error
// envelope `{error: {code, message, details}}`, the double-submit CSRF cookie, and one silent
// refresh when the 15-minute access token has run out.

import { ApiError, createApiClient } from '@shared/api/client';

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

// Words for people, not codes: what went wrong and, where it helps, what to do.
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'NETWORK':
      return error.message;
    case 'AUTH_001':
      return 'That email and password do not match an account.';
    case 'AUTH_005':
      return 'This link is unknown, already used or over an hour old. Ask for a new one.';
    case 'AUTH_006':
      return 'This invitation is unknown, already accepted, withdrawn or over seven days old. Ask for a new one.';
    case 'AUTH_007':
      return 'This confirmation link is unknown or over two days old, or your address has changed since. Sign in and ask for a new one.';
    case 'NOTIFY_001':
      return 'This unsubscribe link is not valid. Change your email notifications on the Team page.';
    case 'RATE_LIMIT':
      return 'Too many attempts. Wait a minute, then try again.';
    case 'DEVICE_001':
      return 'That pairing code is not valid or has expired. Check the code on the screen.';
    case 'CONTENT_002':
      return 'That file is larger than your plan allows.';
    case 'CONTENT_003':
      return 'That kind of file cannot be shown. Use images, videos, PDFs, spreadsheets or slides.';
    case 'DEVICE_003':
      return 'Your plan has no room for another screen. Upgrade the plan or remove a screen.';
    case 'BILLING_001':
      return 'Billing is not enabled on this server: your operator sets the plan.';
    case 'BILLING_002':
      return 'You already have a subscription: change it with Manage billing.';
    case 'BILLING_003':
      return 'The payment provider could not be reached. Nothing changed; try again in a moment.';
    default:
      return error.message || 'Something went wrong. Please try again.';
  }
}
