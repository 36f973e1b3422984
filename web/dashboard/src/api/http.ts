// The one way the dashboard talks to the server: same-origin JSON over the session cookies,
// the CSRF header on writes (double submit: API.md "Conventions"), and one silent refresh
// when the 15-minute access token has run out.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown; // sent as JSON
  signal?: AbortSignal;
}

// Told when the session is gone for good (refresh refused): the app goes back to sign-in.
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

export function csrfToken(): string {
  const match = /(?:^|;\s*)vizora_csrf=([^;]*)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : '';
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached. Check your connection.');
  }
}

// Several requests may find the token expired at once: they share one refresh.
let refreshing: Promise<boolean> | null = null;
function refreshSession(): Promise<boolean> {
  refreshing ??= send('/api/v1/auth/refresh', { method: 'POST', body: {} })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; details?: Record<string, unknown> };
    };
    if (body.error?.code) {
      return new ApiError(
        response.status,
        body.error.code,
        body.error.message ?? response.statusText,
        body.error.details ?? {},
      );
    }
  } catch {
    /* not JSON: fall through */
  }
  return new ApiError(response.status, 'HTTP_' + response.status, response.statusText);
}

const isAuthPath = (path: string): boolean => path.startsWith('/api/v1/auth/');

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(path, options);
  if (response.status === 401 && !isAuthPath(path)) {
    if (await refreshSession()) {
      response = await send(path, options);
    }
    if (response.status === 401) onSignedOut();
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

// Words for people, not codes: what went wrong and, where it helps, what to do.
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'NETWORK':
      return error.message;
    case 'AUTH_001':
      return 'That email and password do not match an account.';
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
    default:
      return error.message || 'Something went wrong. Please try again.';
  }
}
